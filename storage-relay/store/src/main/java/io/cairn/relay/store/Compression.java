package io.cairn.relay.store;

import com.github.luben.zstd.ZstdCompressCtx;
import com.github.luben.zstd.ZstdInputStreamNoFinalizer;
import com.github.luben.zstd.ZstdOutputStreamNoFinalizer;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compression of everything Cairn puts in object storage: one standard zstd frame (level 3) with
 * a content checksum, for every object, however small.
 *
 * <p>No "stored raw" flag byte for tiny inputs: a frame costs about 13 bytes, which is nothing
 * next to the per-request price of S3, and keeping every object a plain {@code .zst} file means
 * an operator can read any segment or snapshot with the stock {@code zstd -d} during disaster
 * recovery. The checksum makes a truncated or corrupted object fail loudly on read instead of
 * restoring garbage.
 */
public final class Compression {

    /** zstd's default level: ~3-4x on SQLite pages at several hundred MB/s per core. */
    public static final int LEVEL = 3;

    private static final int BUFFER = 64 * 1024;

    private Compression() {
    }

    /** One zstd frame holding {@code data}. */
    public static byte[] compress(byte[] data) {
        try (ZstdCompressCtx ctx = new ZstdCompressCtx()) {
            return ctx.setLevel(LEVEL).setChecksum(true).compress(data);
        }
    }

    /** The bytes {@link #compress(byte[])} was given. */
    public static byte[] decompress(byte[] compressed) {
        try (InputStream in = decompressing(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decompress " + compressed.length + " bytes: " + e.getMessage(), e);
        }
    }

    /**
     * Decompresses while reading. Closing the returned stream closes {@code in}. A truncated or
     * corrupted frame raises an {@link IOException} from {@code read}.
     */
    public static InputStream decompressing(InputStream in) {
        try {
            return new BufferedInputStream(new ZstdInputStreamNoFinalizer(in), BUFFER);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start zstd decompression: " + e.getMessage(), e);
        }
    }

    /**
     * Compresses file {@code in} into {@code out} (created or replaced), streaming, so database
     * images of several GB never sit in memory.
     */
    public static void compress(Path in, Path out) {
        try (InputStream source = Files.newInputStream(in);
             OutputStream sink = Files.newOutputStream(out);
             ZstdOutputStreamNoFinalizer zstd = new ZstdOutputStreamNoFinalizer(sink, LEVEL)) {
            zstd.setChecksum(true);
            source.transferTo(zstd);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot compress " + in + " into " + out + ": " + e.getMessage(), e);
        }
    }
}
