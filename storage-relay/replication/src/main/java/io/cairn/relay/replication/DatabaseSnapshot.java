package io.cairn.relay.replication;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A consistent whole-database image of an owned object at one txid, provided by a {@link SnapshotSource} to
 * seed a replica. The replicator reads it chunk by chunk and closes it when the seeding ends (done, failed
 * or abandoned), so an implementation may hold a read transaction or a temporary copy until then.
 *
 * <p><b>Threading.</b> {@link #read} and {@link #close} are called on worker threads (they may block),
 * never concurrently for one snapshot; {@link #close} exactly once, after the last {@link #read}. The
 * accessors may be called from any thread and must not block.
 */
public interface DatabaseSnapshot extends Closeable {

    /** The txid the image is at: the database after commit {@code txid}, at most the owner's last txid. */
    long txid();

    /** Page size in bytes (a power of two, 512..65536). */
    int pageSize();

    /** Size of the database in pages (at least 1). */
    int dbSizePages();

    /**
     * Reads pages {@code firstPage .. firstPage + count - 1} (1-based, within {@link #dbSizePages}) as
     * {@code count × pageSize} bytes.
     */
    byte[] read(int firstPage, int count) throws IOException;

    /** Releases what the image holds (a read transaction, a temporary copy). */
    @Override
    void close() throws IOException;

    /**
     * An image that is a file holding exactly the database at {@code txid}: the owner's database file while
     * no writer can change it, or a copy made at that txid (for SQLite: {@code VACUUM INTO}, the backup
     * API, or a file copy taken under the write lock after a {@code wal_checkpoint(TRUNCATE)}). The size
     * must be a whole number of pages.
     *
     * @param deleteOnClose true for a temporary copy that the snapshot owns
     */
    static DatabaseSnapshot ofFile(Path file, long txid, int pageSize, boolean deleteOnClose) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        long size = ch.size();
        if (size == 0 || size % pageSize != 0 || size / pageSize > Integer.MAX_VALUE) {
            ch.close();
            throw new IOException(file + ": " + size + " bytes is not a database of " + pageSize + "-byte pages");
        }
        int pages = (int) (size / pageSize);
        return new DatabaseSnapshot() {
            @Override
            public long txid() {
                return txid;
            }

            @Override
            public int pageSize() {
                return pageSize;
            }

            @Override
            public int dbSizePages() {
                return pages;
            }

            @Override
            public byte[] read(int firstPage, int count) throws IOException {
                if (firstPage < 1 || count < 0 || (long) firstPage + count - 1 > pages) {
                    throw new IllegalArgumentException("pages " + firstPage + "+" + count + " of " + pages);
                }
                ByteBuffer b = ByteBuffer.allocate(count * pageSize);
                long at = (long) (firstPage - 1) * pageSize;
                while (b.hasRemaining()) {
                    if (ch.read(b, at + b.position()) < 0) {
                        throw new IOException(file + " shrank while being read as a snapshot");
                    }
                }
                return b.array();
            }

            @Override
            public void close() throws IOException {
                ch.close();
                if (deleteOnClose) {
                    Files.deleteIfExists(file);
                }
            }
        };
    }
}
