package io.cairn.launcher;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;

/**
 * Keeps a foreground command (dev, node) running until the JVM is asked to stop (Ctrl-C,
 * SIGTERM), then closes what it runs from a shutdown hook so in-flight events finish and
 * databases close cleanly.
 */
final class UntilShutdown {

    private UntilShutdown() {
    }

    static void await(AutoCloseable running, PrintWriter err) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            err.println("cairn: stopping (finishing in-flight events, closing databases) ...");
            err.flush();
            try {
                running.close();
                err.println("cairn: stopped");
            } catch (Exception e) {
                err.println("cairn: error while stopping: " + e);
            }
            err.flush();
        }, "cairn-shutdown"));
        // Nothing counts this down: the JVM exits from the signal, after the hook has run.
        new CountDownLatch(1).await();
    }
}
