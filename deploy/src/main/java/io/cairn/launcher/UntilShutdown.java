package io.cairn.launcher;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a foreground command (dev, node, s3-dev) running until it is asked to stop, then closes
 * what it runs, once, so in-flight events finish, object storage gets its last writes and
 * databases close cleanly.
 *
 * <p>Ctrl-C, SIGTERM and SIGHUP are handled directly ({@link StopSignals}) and the close runs on
 * the main thread; a second Ctrl-C while stopping ends the process at once (not in a node under a
 * {@link Supervisor}, which kills it itself after a timeout). A shutdown hook
 * closes everything too when the JVM ends any other way.
 */
final class UntilShutdown {

    /** Checked about once a second while running; throwing (a {@link CliException}) stops the command with that error. */
    @FunctionalInterface
    interface Watch {
        void check();
    }

    private UntilShutdown() {
    }

    /**
     * @param running what to close when asked to stop
     * @param stopping what closing does, for the message, e.g. "closing databases"
     * @param err where the stop messages go
     * @param watch checked about once a second while running
     */
    static void await(AutoCloseable running, String stopping, PrintWriter err, Watch watch) throws InterruptedException {
        Stopper stopper = new Stopper(running, stopping, err);
        Runtime.getRuntime().addShutdownHook(new Thread(stopper::stop, "cairn-shutdown"));
        CountDownLatch signalled = new CountDownLatch(1);
        StopSignals.install(() -> {
            if (signalled.getCount() == 0 && Supervisor.present()) {
                // A second SIGTERM (a tool signalling the whole process group as well as the
                // supervisor) must not cut the flush short: the supervisor kills after its own timeout.
                return;
            }
            if (signalled.getCount() == 0) {
                err.println("cairn: stopping at once, without waiting");
                err.flush();
                Runtime.getRuntime().halt(130);
            }
            signalled.countDown();
        });
        try {
            while (!signalled.await(1, TimeUnit.SECONDS)) {
                watch.check();
            }
        } finally {
            stopper.stop();
        }
    }

    /** Closes once; a second caller (the hook during a stop from the main thread) waits for the first. */
    private static final class Stopper {
        private final AutoCloseable running;
        private final String stopping;
        private final PrintWriter err;
        private boolean stopped;

        Stopper(AutoCloseable running, String stopping, PrintWriter err) {
            this.running = running;
            this.stopping = stopping;
            this.err = err;
        }

        synchronized void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            err.println("cairn: stopping (" + stopping + (Supervisor.present() ? "" : "; Ctrl-C again to stop at once") + ") ...");
            err.flush();
            try {
                running.close();
                err.println("cairn: stopped");
            } catch (Exception e) {
                err.println("cairn: error while stopping: " + e);
            }
            err.flush();
        }
    }
}
