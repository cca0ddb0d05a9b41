package io.cairn.launcher;

import java.io.PrintWriter;

/**
 * One line on stderr rewritten in place with {@code \r}, for progress while a command waits;
 * erased on {@link #close()} so the command's real output starts on a clean line. Disabled (it
 * writes nothing at all) when stderr is not a terminal, so logs and pipes never see it.
 */
final class StatusLine implements AutoCloseable {

    private final PrintWriter err;
    private final boolean enabled;
    private int shown;

    StatusLine(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    /** A status line on {@code err}, enabled only when a person is watching the terminal. */
    static StatusLine forStderr(PrintWriter err) {
        return new StatusLine(err, Terminal.interactive());
    }

    boolean enabled() {
        return enabled;
    }

    /** Replaces the line's text (padding over a longer previous text). */
    synchronized void show(String text) {
        if (!enabled) {
            return;
        }
        String pad = text.length() < shown ? " ".repeat(shown - text.length()) : "";
        err.print("\r" + text + pad);
        err.flush();
        shown = text.length();
    }

    /** Erases the line. */
    @Override
    public synchronized void close() {
        if (enabled && shown > 0) {
            err.print("\r" + " ".repeat(shown) + "\r");
            err.flush();
            shown = 0;
        }
    }
}
