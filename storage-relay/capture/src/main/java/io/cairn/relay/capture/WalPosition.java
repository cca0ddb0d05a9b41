package io.cairn.relay.capture;

/**
 * A point in one WAL generation: just after the last captured commit frame.
 *
 * <p>A generation is identified by the salts in the WAL header; SQLite changes them every time it
 * restarts the WAL from the beginning, so a position is meaningful only while the header still
 * carries the same salts.
 *
 * @param salt1  salt-1 of the generation (an unsigned 32-bit value)
 * @param salt2  salt-2 of the generation (an unsigned 32-bit value)
 * @param offset byte offset in the WAL file just after the last captured commit frame; 32 (the header
 *               size) when nothing of this generation was captured; 0 in {@link #NONE}
 */
public record WalPosition(long salt1, long salt2, long offset) {

    /** No WAL generation seen yet: the next poll reads whatever generation is in the file from its start. */
    public static final WalPosition NONE = new WalPosition(0, 0, 0);

    private static final long U32 = 0xFFFF_FFFFL;

    public WalPosition {
        if ((salt1 & ~U32) != 0 || (salt2 & ~U32) != 0) {
            throw new IllegalArgumentException("salts are unsigned 32-bit values: " + salt1 + ", " + salt2);
        }
        if (offset != 0 && offset < WalHeader.BYTES) {
            throw new IllegalArgumentException("WAL offset must be 0 or at least " + WalHeader.BYTES + ": " + offset);
        }
    }

    /** True when this position names a WAL generation (it is not {@link #NONE}). */
    public boolean isKnown() {
        return offset >= WalHeader.BYTES;
    }

    /** Same generation (same salts) as {@code other}. */
    public boolean sameGeneration(WalPosition other) {
        return other != null && salt1 == other.salt1 && salt2 == other.salt2;
    }
}
