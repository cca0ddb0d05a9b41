package io.cairn.relay.capture;

/**
 * The 32-byte WAL header (big-endian u32 fields): magic, format version, page size, checkpoint
 * sequence, salt-1, salt-2, checksum-1, checksum-2. The checksum covers the first 24 bytes.
 *
 * @param bigEndianWords byte order of the checksum words (magic 0x377f0683)
 * @param checksum       the header checksum pair, packed as by {@link WalChecksum#pack}: the seed of
 *                       the first frame's chain
 */
record WalHeader(boolean bigEndianWords, int pageSize, long checkpointSequence, long salt1, long salt2,
                 long checksum) {

    static final int BYTES = 32;
    static final int MAGIC = 0x377f0682;
    static final int VERSION = 3007000;

    /**
     * Parses and validates a header; returns null when it is not one SQLite would accept (wrong magic or
     * version, impossible page size, checksum mismatch). SQLite treats such a WAL as empty.
     */
    static WalHeader parse(byte[] b) {
        int magic = WalChecksum.field(b, 0);
        if ((magic & ~1) != MAGIC || WalChecksum.field(b, 4) != VERSION) {
            return null;
        }
        long pageSize = Integer.toUnsignedLong(WalChecksum.field(b, 8));
        if (!Pages.validPageSize(pageSize)) {
            return null;
        }
        boolean bigEndian = (magic & 1) == 1;
        long stored = WalChecksum.pack(WalChecksum.field(b, 24), WalChecksum.field(b, 28));
        if (WalChecksum.update(bigEndian, 0, b, 0, 24) != stored) {
            return null;
        }
        return new WalHeader(bigEndian, (int) pageSize, u32(b, 12), u32(b, 16), u32(b, 20), stored);
    }

    int frameSize() {
        return WalFrames.HEADER_BYTES + pageSize;
    }

    boolean sameGeneration(WalPosition p) {
        return p.salt1() == salt1 && p.salt2() == salt2;
    }

    WalPosition positionAt(long offset) {
        return new WalPosition(salt1, salt2, offset);
    }

    private static long u32(byte[] b, int off) {
        return Integer.toUnsignedLong(WalChecksum.field(b, off));
    }
}
