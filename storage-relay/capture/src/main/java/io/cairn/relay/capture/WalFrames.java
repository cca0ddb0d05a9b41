package io.cairn.relay.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Positional, buffered reads of whole WAL frames. One read call fetches up to ~256 KiB of frames into a
 * buffer that lives as long as the tailer, so a poll costs a handful of syscalls and no allocation
 * besides the page copies handed out.
 *
 * <p>The buffer is valid only within one poll: between polls SQLite may overwrite uncommitted frames or
 * restart the WAL at the same offsets.
 */
final class WalFrames {

    static final int HEADER_BYTES = 24;
    private static final int TARGET_READ_BYTES = 256 * 1024;

    private FileChannel channel;
    private byte[] buf = new byte[0];
    private ByteBuffer view = ByteBuffer.wrap(buf);
    private long bufStart;
    private int bufLen;

    /** Starts a poll on {@code channel}; forgets everything buffered before. */
    void reset(FileChannel channel) {
        this.channel = channel;
        this.bufLen = 0;
    }

    byte[] buffer() {
        return buf;
    }

    /**
     * Makes the frame at {@code off} available and returns its index in {@link #buffer()}, or -1 when the
     * frame does not end at or before {@code limit} (not yet written, or a torn tail).
     */
    int frame(long off, int frameSize, long limit) throws IOException {
        if (off + frameSize > limit) {
            return -1;
        }
        if (off >= bufStart && off + frameSize <= bufStart + bufLen) {
            return (int) (off - bufStart);
        }
        long framesLeft = (limit - off) / frameSize;
        int want = (int) (frameSize * Math.min(framesLeft, Math.max(1, TARGET_READ_BYTES / frameSize)));
        if (buf.length < want) {
            buf = new byte[Math.max(want, TARGET_READ_BYTES)];
            view = ByteBuffer.wrap(buf);
        }
        bufStart = off;
        bufLen = readAt(off, want);
        return bufLen >= frameSize ? 0 : -1;
    }

    private int readAt(long off, int want) throws IOException {
        view.clear().limit(want);
        while (view.hasRemaining()) {
            if (channel.read(view, off + view.position()) < 0) {
                break;
            }
        }
        return view.position();
    }

    /** Reads the 32-byte WAL header into {@code dst}; false if the file is shorter. */
    static boolean readHeader(FileChannel channel, byte[] dst) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(dst, 0, WalHeader.BYTES);
        while (b.hasRemaining()) {
            if (channel.read(b, b.position()) < 0) {
                return false;
            }
        }
        return true;
    }
}
