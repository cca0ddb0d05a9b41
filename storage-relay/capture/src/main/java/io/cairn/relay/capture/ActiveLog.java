package io.cairn.relay.capture;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The spool file being appended to. Each record is written to the OS in full before {@link #append}
 * returns; a write that fails midway is cut back off, so a later append never follows a partial record
 * (that would make recovery drop every later record as a torn tail). Not thread-safe: {@link Spool}
 * serialises access.
 */
final class ActiveLog {

    private static final int BUFFER_BYTES = 1 << 16;

    private Path path;
    private FileChannel channel;
    private OutputStream out;
    private long bytes;
    private long records;
    private long firstTxid = -1;
    private long firstTimeMillis;
    private String unusable;

    /**
     * Opens {@code path} for appending. With a scan (recovery) the file is cut to its good prefix; without
     * one it starts empty.
     */
    void open(Path path, SpoolLog scan) throws IOException {
        close();
        this.path = path;
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        long keep = scan == null ? 0 : scan.validBytes();
        if (channel.size() != keep) {
            channel.truncate(keep);
            channel.force(true);
        }
        bytes = keep;
        records = scan == null ? 0 : scan.records();
        firstTxid = scan == null ? -1 : scan.firstTxid();
        firstTimeMillis = scan == null ? 0 : scan.firstTimeMillis();
        resetStream();
        unusable = null;
    }

    void append(CommitRecord r) throws IOException {
        try {
            RecordCodec.write(r, out);
            out.flush();
        } catch (IOException e) {
            cutBack(e);
            throw e;
        }
        if (records == 0) {
            firstTxid = r.txid();
            firstTimeMillis = r.commitTimeMillis();
        }
        records++;
        bytes += r.encodedBytes();
    }

    void sync() throws IOException {
        channel.force(false);
    }

    /** fsyncs, closes and renames the file to {@code target} durably, then starts an empty file at the old path. */
    void sealTo(Path target) throws IOException {
        channel.force(false);
        close();
        try {
            FileSync.moveDurably(path, target);
        } catch (IOException e) {
            reopenAfterFailedSeal(e);
            throw e;
        }
        open(path, null);
    }

    Path path() {
        return path;
    }

    long bytes() {
        return bytes;
    }

    long records() {
        return records;
    }

    long firstTxid() {
        return firstTxid;
    }

    long firstTimeMillis() {
        return firstTimeMillis;
    }

    void ensureWritable() {
        if (unusable != null || channel == null) {
            throw new IllegalStateException("spool file " + path + " is unusable"
                    + (unusable == null ? "" : ": " + unusable) + " (reopen the spool)");
        }
    }

    void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing is buffered (every append flushes); a failed close loses nothing.
            }
            channel = null;
            out = null;
        }
    }

    private void cutBack(IOException failure) {
        try {
            channel.truncate(bytes);
            resetStream();
        } catch (IOException e) {
            failure.addSuppressed(e);
            unusable = "a failed append could not be undone: " + failure.getMessage();
        }
    }

    private void reopenAfterFailedSeal(IOException failure) {
        try {
            channel = FileChannel.open(path, StandardOpenOption.WRITE);
            resetStream();
        } catch (IOException e) {
            failure.addSuppressed(e);
            unusable = "seal failed and the file could not be reopened: " + failure.getMessage();
        }
    }

    private void resetStream() throws IOException {
        channel.position(bytes);
        out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER_BYTES);
    }
}
