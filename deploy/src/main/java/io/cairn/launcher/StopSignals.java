package io.cairn.launcher;

import java.util.List;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP handled by the CLI itself instead of by JVM shutdown
 * hooks. Shutdown hooks run all at once in no fixed order, and the embedded S3 server registers
 * its own: it could stop before the node had flushed to it. Handling the signals lets
 * {@link UntilShutdown} close things in order while the JVM is still fully running.
 *
 * <p>A node started by {@code cairn local-cluster} ({@link Supervisor}) handles SIGTERM only and
 * ignores SIGINT and SIGHUP: its supervisor sends it one SIGTERM when the user stops the cluster.
 *
 * <p>{@code sun.misc.Signal} is the JDK's (unsupported but long-standing) way to do this; where a
 * signal cannot be handled (a platform without it, {@code -Xrs}), the shutdown hook still closes
 * everything.
 */
final class StopSignals {

    private StopSignals() {
    }

    /** Calls {@code onSignal} on each INT, TERM or HUP (TERM only under a supervisor); returns how many are handled. */
    static int install(Runnable onSignal) {
        boolean supervised = Supervisor.present();
        int installed = 0;
        for (String name : List.of("INT", "TERM", "HUP")) {
            try {
                if (supervised && !name.equals("TERM")) {
                    Signal.handle(new Signal(name), SignalHandler.SIG_IGN);
                } else {
                    Signal.handle(new Signal(name), signal -> onSignal.run());
                    installed++;
                }
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // Unknown on this platform or reserved by the VM: the shutdown hook covers it.
            }
        }
        return installed;
    }
}
