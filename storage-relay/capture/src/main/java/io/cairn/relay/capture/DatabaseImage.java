package io.cairn.relay.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Applies captured transactions to a database file, page by page, the way a SQLite checkpoint does:
 * each page image at {@code (pageNumber - 1) × pageSize}, then the file set to exactly
 * {@code dbSizePages × pageSize} bytes (shrinking after VACUUM, zero-extending like {@code ftruncate}).
 */
public final class DatabaseImage {

    private DatabaseImage() {
    }

    /**
     * Applies one record; does not fsync (callers apply many records, then force once). {@code db} must be
     * open for writing and not in append mode (writes are positional).
     */
    public static void apply(FileChannel db, CommitRecord r) throws IOException {
        apply(db, r.pageSize(), r.dbSizePages(), r.pages());
    }

    /** Applies one transaction straight from the WAL (used when copying without numbering). */
    public static void apply(FileChannel db, WalTransaction t) throws IOException {
        apply(db, t.pageSize(), t.dbSizePages(), t.pages());
    }

    private static void apply(FileChannel db, int pageSize, int dbSizePages, Iterable<PageImage> pages)
            throws IOException {
        for (PageImage p : pages) {
            writeFully(db, ByteBuffer.wrap(p.data()), (long) (p.pageNumber() - 1) * pageSize);
        }
        long size = (long) dbSizePages * pageSize;
        long current = db.size();
        if (current > size) {
            db.truncate(size);
        } else if (current < size) {
            // FileChannel.truncate never grows a file; writing the last byte does, leaving a zero-filled hole.
            writeFully(db, ByteBuffer.allocate(1), size - 1);
        }
    }

    private static void writeFully(FileChannel db, ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) {
            position += db.write(b, position);
        }
    }
}
