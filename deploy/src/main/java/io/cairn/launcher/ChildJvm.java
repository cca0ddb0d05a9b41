package io.cairn.launcher;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line that runs this same launcher in another JVM: the same java executable, the
 * same classpath and the JVM flags this one was started with ({@code deploy/bin/cairn}'s native
 * access and opens, {@code -Dcairn.home}, {@code CAIRN_JAVA_OPTS}), minus agents and debuggers
 * (a second JVM on the same debug port would fail), plus the supervisor's pid.
 *
 * @param java the java executable
 * @param jvmFlags the flags before {@code -cp}
 * @param classpath this JVM's classpath
 */
record ChildJvm(Path java, List<String> jvmFlags, String classpath) {

    ChildJvm {
        jvmFlags = List.copyOf(jvmFlags);
    }

    /** The JVM running this code, as a template. */
    static ChildJvm current() {
        Path java = ProcessHandle.current().info().command().map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
        return new ChildJvm(java, inherited(ManagementFactory.getRuntimeMXBean().getInputArguments()),
                System.getProperty("java.class.path"));
    }

    /**
     * The flags worth passing on from {@code inputArguments}: all but agents, debuggers, the
     * classpath (given separately) and a supervisor pid of this JVM's own.
     */
    static List<String> inherited(List<String> inputArguments) {
        List<String> out = new ArrayList<>();
        for (String a : inputArguments) {
            if (a.startsWith("-agentlib:") || a.startsWith("-agentpath:") || a.startsWith("-javaagent:")
                    || a.startsWith("-Xrunjdwp") || a.equals("-Xdebug") || a.startsWith("-Djava.class.path=")
                    || a.startsWith("-D" + Supervisor.PID_PROPERTY + "=")) {
                continue;
            }
            out.add(a);
        }
        return out;
    }

    /** {@code java FLAGS -Dcairn.supervisor.pid=PID -cp CLASSPATH io.cairn.launcher.CairnCli ARGS}. */
    List<String> command(long supervisorPid, List<String> cairnArgs) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvmFlags);
        cmd.add("-D" + Supervisor.PID_PROPERTY + "=" + supervisorPid);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(CairnCli.class.getName());
        cmd.addAll(cairnArgs);
        return cmd;
    }
}
