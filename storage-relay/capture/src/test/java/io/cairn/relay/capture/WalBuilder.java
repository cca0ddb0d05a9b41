package io.cairn.relay.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Writes synthetic WAL files in either checksum byte order, for cases SQLite will not produce on demand. */
final class WalBuilder {

    private final int pageSize;
    private final boolean bigEndian;
    private final long salt1;
    private final long salt2;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private long chain;

    WalBuilder(int pageSize, boolean bigEndian, long salt1, long salt2) {
        this.pageSize = pageSize;
        this.bigEndian = bigEndian;
        this.salt1 = salt1;
        this.salt2 = salt2;
        byte[] h = new byte[WalHeader.BYTES];
        WalChecksum.putField(h, 0, WalHeader.MAGIC | (bigEndian ? 1 : 0));
        WalChecksum.putField(h, 4, WalHeader.VERSION);
        WalChecksum.putField(h, 8, pageSize);
        WalChecksum.putField(h, 12, 0);
        WalChecksum.putField(h, 16, (int) salt1);
        WalChecksum.putField(h, 20, (int) salt2);
        chain = WalChecksum.update(bigEndian, 0, h, 0, 24);
        WalChecksum.putField(h, 24, (int) (chain >>> 32));
        WalChecksum.putField(h, 28, (int) chain);
        out.writeBytes(h);
    }

    /** A page filled with {@code fill}, with the page number in its first bytes. */
    byte[] page(int pageNumber, int fill) {
        byte[] p = new byte[pageSize];
        Arrays.fill(p, (byte) fill);
        WalChecksum.putField(p, 0, pageNumber);
        return p;
    }

    WalBuilder frame(int pageNumber, int dbSizeAfterCommit, byte[] page) {
        byte[] f = new byte[WalFrames.HEADER_BYTES + pageSize];
        WalChecksum.putField(f, 0, pageNumber);
        WalChecksum.putField(f, 4, dbSizeAfterCommit);
        WalChecksum.putField(f, 8, (int) salt1);
        WalChecksum.putField(f, 12, (int) salt2);
        System.arraycopy(page, 0, f, WalFrames.HEADER_BYTES, pageSize);
        chain = WalChecksum.update(bigEndian, chain, f, 0, 8);
        chain = WalChecksum.update(bigEndian, chain, f, WalFrames.HEADER_BYTES, pageSize);
        WalChecksum.putField(f, 16, (int) (chain >>> 32));
        WalChecksum.putField(f, 20, (int) chain);
        out.writeBytes(f);
        return this;
    }

    int frameSize() {
        return WalFrames.HEADER_BYTES + pageSize;
    }

    long size() {
        return out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    void writeTo(Path file) throws IOException {
        Files.write(file, out.toByteArray());
    }
}
