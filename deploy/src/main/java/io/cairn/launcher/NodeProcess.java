package io.cairn.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;

/**
 * One node of {@code cairn local-cluster}: a child JVM whose output (stdout and stderr merged) is
 * relayed line by line to the terminal, each line prefixed with {@code [node-i] }.
 */
final class NodeProcess {

    private final LocalClusterPlan.Member member;
    private final Process process;
    private final Thread relay;
    private boolean reported;

    private NodeProcess(LocalClusterPlan.Member member, Process process, Thread relay) {
        this.member = member;
        this.process = process;
        this.relay = relay;
    }

    /**
     * Starts the node.
     *
     * @param command the whole command line ({@link ChildJvm#command})
     * @param env the node's complete environment
     * @param out where its prefixed output goes; lines are written under the writer's lock
     * @throws CliException when the JVM cannot be started at all
     */
    static NodeProcess start(LocalClusterPlan.Member member, List<String> command, Map<String, String> env, PrintWriter out) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
            process.getOutputStream().close();
        } catch (IOException e) {
            throw new CliException("cannot start " + member.name() + " (" + command.getFirst() + "): " + e.getMessage(), e);
        }
        String prefix = "[" + member.name() + "] ";
        Thread relay = Thread.ofPlatform().daemon().name("cairn-" + member.name() + "-output").start(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (out) {
                        out.println(prefix + line);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // The pipe closed with the process: nothing more to relay.
            }
        });
        return new NodeProcess(member, process, relay);
    }

    LocalClusterPlan.Member member() {
        return member;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** The exit code once it has exited. */
    OptionalInt exitCode() {
        return process.isAlive() ? OptionalInt.empty() : OptionalInt.of(process.exitValue());
    }

    /** True the first time it is called after the process exited: each exit is reported once. */
    synchronized boolean exitedUnreported() {
        if (process.isAlive() || reported) {
            return false;
        }
        reported = true;
        return true;
    }

    /** Asks the node to stop (SIGTERM): it finishes in-flight events and ships its last writes. */
    void requestStop() {
        if (process.isAlive()) {
            // Through the handle: Process.destroy() would also close our end of its output, losing
            // what the node says while it stops.
            process.toHandle().destroy();
        }
    }

    /**
     * Waits until it has exited, killing it when {@code timeout} passes first; then waits for
     * the last of its output to be relayed.
     *
     * @return whether it had to be killed
     */
    boolean awaitExit(Duration timeout) throws InterruptedException {
        boolean killed = false;
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            killed = true;
        }
        relay.join(2_000);
        return killed;
    }
}
