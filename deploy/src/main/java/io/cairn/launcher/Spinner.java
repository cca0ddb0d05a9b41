package io.cairn.launcher;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * "{@code | restoring counter/hello ... 12 s}" on a {@link StatusLine}, redrawn five times a
 * second while one long request runs (a restore is a single synchronous call, so elapsed time is
 * all there is to show). Nothing runs when the line is disabled.
 */
final class Spinner implements AutoCloseable {

    private static final String FRAMES = "|/-\\";
    private static final Duration TICK = Duration.ofMillis(200);

    private final StatusLine line;
    private final Thread thread;

    private Spinner(StatusLine line, String label) {
        this.line = line;
        if (!line.enabled()) {
            this.thread = null;
            return;
        }
        long started = System.nanoTime();
        this.thread = Thread.ofPlatform().daemon().name("cairn-progress").start(() -> {
            for (int frame = 0; !Thread.currentThread().isInterrupted(); frame++) {
                line.show(render(label, frame, Duration.ofNanos(System.nanoTime() - started)));
                try {
                    Thread.sleep(TICK);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    /** Runs {@code work} with the spinner showing, and erases it before returning or throwing. */
    static <T> T around(StatusLine line, String label, Supplier<T> work) {
        Spinner spinner = new Spinner(line, label);
        try {
            return work.get();
        } finally {
            spinner.close();
        }
    }

    static String render(String label, int frame, Duration elapsed) {
        return FRAMES.charAt(Math.floorMod(frame, FRAMES.length())) + " " + label + " ... " + elapsed.toSeconds() + " s";
    }

    /** Stops redrawing and erases the line. */
    @Override
    public void close() {
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(TICK.toMillis() * 5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        line.close();
    }
}
