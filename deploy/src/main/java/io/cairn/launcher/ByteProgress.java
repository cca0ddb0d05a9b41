package io.cairn.launcher;

import java.util.OptionalLong;

/**
 * Bytes received so far on a {@link StatusLine}: a bar with a percentage when the total is known
 * ({@code Content-Length}), a plain count otherwise. Redrawn at most ten times a second.
 */
final class ByteProgress {

    private static final int BAR = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final StatusLine line;
    private final String label;
    private final OptionalLong total;
    private long lastDraw = Long.MIN_VALUE;

    ByteProgress(StatusLine line, String label, OptionalLong total) {
        this.line = line;
        this.label = label;
        this.total = total;
    }

    void update(long done) {
        if (!line.enabled()) {
            return;
        }
        long now = System.nanoTime();
        if (lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        line.show(render(label, done, total));
    }

    static String render(String label, long done, OptionalLong total) {
        if (total.isEmpty() || total.getAsLong() <= 0) {
            return label + "  " + Text.bytes(done);
        }
        long all = total.getAsLong();
        long clamped = Math.min(done, all);
        int filled = (int) (clamped * BAR / all);
        int percent = (int) (clamped * 100 / all);
        return label + " [" + "#".repeat(filled) + "-".repeat(BAR - filled) + "] "
                + String.format("%3d%%", percent) + "  " + Text.bytes(done) + " of " + Text.bytes(all);
    }
}
