package io.cairn.launcher;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * The process that started this one as a child node, when there is one: {@code cairn
 * local-cluster} passes its pid as {@code -Dcairn.supervisor.pid}. Such a node
 *
 * <ul>
 *   <li>ignores Ctrl-C (SIGINT) and SIGHUP: the terminal sends them to every process of the
 *       group, and the supervisor stops each node itself with one SIGTERM; a node seeing both
 *       would take the second signal as "stop at once";
 *   <li>stops gracefully by itself when the supervisor is gone (killed with SIGKILL, say), so no
 *       node outlives it.
 * </ul>
 */
final class Supervisor {

    static final String PID_PROPERTY = "cairn.supervisor.pid";

    private Supervisor() {
    }

    /** The supervisor's pid, when this JVM was started by one. */
    static OptionalLong pid() {
        String value = System.getProperty(PID_PROPERTY);
        if (value == null || value.isBlank()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    static boolean present() {
        return pid().isPresent();
    }

    /**
     * A check for {@link UntilShutdown}: fails (which stops the node gracefully) once the
     * supervisor has exited; does nothing without one.
     */
    static UntilShutdown.Watch watch() {
        OptionalLong pid = pid();
        if (pid.isEmpty()) {
            return () -> { };
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(pid.getAsLong());
        return () -> {
            if (handle.map(h -> !h.isAlive()).orElse(true)) {
                throw new CliException("the cairn local-cluster process that started this node (pid " + pid.getAsLong()
                        + ") is gone; stopping this node too");
            }
        };
    }
}
