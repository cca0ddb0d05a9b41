package io.cairn.relay.replication;

import io.cairn.relay.capture.CommitRecord;
import io.cairn.relay.capture.PageImage;
import io.cairn.relay.replication.Message.Install;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The chunks of one incoming whole-database image on a replica, written page by page to {@code seed.part}
 * in the object's directory. Nothing here is referenced by the replica's meta until {@link #finish} moved
 * the complete, fsynced file to its final name; a crash leaves only a part file that the next open deletes.
 *
 * <p>Not thread-safe: used on the object's serial executor only.
 */
final class ImageStaging implements AutoCloseable {

    static final String PART = "seed.part";
    /** fsync the part file every this many bytes, so the last chunk's fsync stays short. */
    private static final long FORCE_EVERY = 64L << 20;

    private final Path file;
    private final FileChannel channel;
    private final long epoch;
    private final CommitRecord first;
    private int nextPage = 1;
    private long unforced;
    private boolean finished;

    private ImageStaging(Path file, FileChannel channel, long epoch, CommitRecord first) {
        this.file = file;
        this.channel = channel;
        this.epoch = epoch;
        this.first = first;
    }

    /** Starts a new image with its first chunk's parameters (the chunk itself is written by {@link #write}). */
    static ImageStaging begin(Path dir, Install i) throws IOException {
        Path file = dir.resolve(PART);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        return new ImageStaging(file, ch, i.epoch(), i.chunk());
    }

    long txid() {
        return first.txid();
    }

    int pageSize() {
        return first.pageSize();
    }

    /** True when {@code i} is the next chunk of this image, from the same sender epoch. */
    boolean continuedBy(Install i) {
        CommitRecord c = i.chunk();
        return i.epoch() == epoch && c.txid() == first.txid() && c.pageSize() == first.pageSize()
                && c.dbSizePages() == first.dbSizePages() && i.firstPage() == nextPage;
    }

    /** Writes the chunk's pages (no fsync but every {@value #FORCE_EVERY} bytes). */
    void write(Install i) throws IOException {
        for (PageImage p : i.chunk().pages()) {
            ByteBuffer b = ByteBuffer.wrap(p.data());
            long at = (long) (p.pageNumber() - 1) * first.pageSize();
            while (b.hasRemaining()) {
                at += channel.write(b, at);
            }
        }
        nextPage += i.chunk().pages().size();
        unforced += i.chunk().payloadBytes();
        if (unforced >= FORCE_EVERY) {
            channel.force(false);
            unforced = 0;
        }
    }

    /** fsyncs the complete image and moves it to {@code target} durably (atomic rename, directory fsync). */
    void finish(Path target) throws IOException {
        if (nextPage != first.dbSizePages() + 1) {
            throw new IllegalStateException("image of " + first.dbSizePages() + " pages ends at " + (nextPage - 1));
        }
        channel.truncate((long) first.dbSizePages() * first.pageSize());
        channel.force(true);
        channel.close();
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        finished = true;
        io.cairn.relay.capture.FileSync.syncDirectory(target.getParent());
    }

    /** Abandons the image: closes and deletes the part file (a no-op after {@link #finish}). */
    @Override
    public void close() throws IOException {
        channel.close();
        if (!finished) {
            Files.deleteIfExists(file);
        }
    }
}
