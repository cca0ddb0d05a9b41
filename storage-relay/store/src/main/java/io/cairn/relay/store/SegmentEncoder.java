package io.cairn.relay.store;

import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import io.cairn.relay.capture.CommitRecord;
import io.cairn.relay.capture.CorruptRecordException;
import io.cairn.relay.capture.RecordCodec;
import io.cairn.relay.capture.SealedBatch;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Turns a sealed spool batch into the bytes of a segment object: the batch file (a concatenation
 * of {@link RecordCodec} records) in one zstd frame.
 *
 * <p>While compressing, every record is decoded and checked (CRC32C, consecutive txids, exactly
 * the batch's range): a segment that would break restore later is refused now, while the spool
 * still holds the evidence. The check costs one streaming pass that the compression needs anyway.
 */
final class SegmentEncoder {

    /** Batches up to this size are compressed in memory; larger ones (huge single commits) via a temp file. */
    static final long IN_MEMORY_LIMIT = 32L << 20;
    private static final int BUFFER = 64 * 1024;

    private SegmentEncoder() {
    }

    /** A compressed segment, in memory or in a temp file that {@link #close()} deletes. */
    record Encoded(byte[] bytes, Path file, long size) implements AutoCloseable {
        void uploadTo(ObjectStore store, String key) {
            if (bytes != null) {
                store.put(key, bytes);
            } else {
                store.put(key, file);
            }
        }

        @Override
        public void close() throws IOException {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        }
    }

    static Encoded encode(SealedBatch b) throws IOException {
        return encode(b, IN_MEMORY_LIMIT);
    }

    static Encoded encode(SealedBatch b, long inMemoryLimit) throws IOException {
        if (b.bytes() <= inMemoryLimit) {
            ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(1024, b.bytes() / 3));
            compressChecked(b, out);
            byte[] bytes = out.toByteArray();
            return new Encoded(bytes, null, bytes.length);
        }
        Path tmp = Files.createTempFile("cairn-segment-", ".seg.zst");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                compressChecked(b, out);
            }
            return new Encoded(null, tmp, Files.size(tmp));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private static void compressChecked(SealedBatch b, OutputStream sink) throws IOException {
        try (ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(sink, Compression.LEVEL);
             OutputStream buffered = new BufferedOutputStream(zstd, BUFFER);
             InputStream in = new Tee(new BufferedInputStream(Files.newInputStream(b.file()), BUFFER), buffered)) {
            zstd.setChecksum(true);
            long expected = b.firstTxid();
            for (CommitRecord r; (r = RecordCodec.read(in)) != null; ) {
                if (r.txid() != expected || r.txid() > b.lastTxid()) {
                    throw new CorruptRecordException("it holds txid " + r.txid()
                            + " where txid " + expected + " belongs (batch " + b.firstTxid() + ".." + b.lastTxid() + ")");
                }
                expected++;
            }
            if (expected != b.lastTxid() + 1) {
                throw new CorruptRecordException("it ends after txid " + (expected - 1)
                        + ", its name promises " + b.firstTxid() + ".." + b.lastTxid());
            }
        } catch (CorruptRecordException e) {
            throw new CorruptRecordException("spool batch " + b.file() + " cannot be shipped: " + e.getMessage(), e);
        }
    }

    /** Copies every byte read into {@code copy}, so decoding and compressing share one pass. */
    private static final class Tee extends FilterInputStream {
        private final OutputStream copy;

        Tee(InputStream in, OutputStream copy) {
            super(in);
            this.copy = copy;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                copy.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                copy.write(b, off, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Skipping would leave a hole in the copy: read instead.
            byte[] buf = new byte[(int) Math.min(n, BUFFER)];
            int got = read(buf, 0, buf.length);
            return Math.max(got, 0);
        }
    }
}
