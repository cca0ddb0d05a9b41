package io.cairn.relay;

import io.cairn.api.ObjectId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage relay's part in a takeover with peer replication: prepare the local copy (restore it
 * from object storage, drop one a crash left unsure), apply what the replicas had that it lacks,
 * and rebuild the newest stored state to seed a replica. All of it runs on the object's thread
 * with its database closed, except {@link #latestStoredCopy} (any thread).
 */
public final class RelayTakeover {

    private static final Logger LOG = LoggerFactory.getLogger(RelayTakeover.class);

    private final StorageRelay relay;

    RelayTakeover(StorageRelay relay) {
        this.relay = relay;
    }

    /**
     * The local copy a new owner starts from.
     *
     * @param txid     its last txid (-1: no copy)
     * @param restored it was just brought back from object storage, which holds only commits a
     *                 quorum acknowledged: all of it is committed
     */
    public record LocalCopy(long txid, boolean restored) {
    }

    /**
     * Before a new owner opens {@code id} (object's thread, database closed): brings a missing
     * database back from object storage and answers the local copy. A copy with a WAL left by a
     * crash may hold commits no quorum acknowledged: it is discarded, so the caller starts from
     * object storage and the replicas.
     */
    public LocalCopy prepare(ObjectId id, Path dbFile) {
        try {
            Path wal = Path.of(dbFile + "-wal");
            if (java.nio.file.Files.exists(wal) && java.nio.file.Files.size(wal) > 0) {
                LOG.info("{}: the local copy has a WAL left by a crash; starting from object storage and the replicas", id);
                relay.discardLocal(id, dbFile);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot inspect the local copy of " + id + ": " + e.getMessage(), e);
        }
        boolean existed = java.nio.file.Files.exists(dbFile);
        RelayedObject obj = relay.pin(id);
        try {
            relay.recovery().restoreIfMissing(id, dbFile, obj, relay.options().clock().instant());
            boolean exists = java.nio.file.Files.exists(dbFile);
            return new LocalCopy(exists ? obj.lastTxid() : -1, exists && !existed);
        } finally {
            relay.unpin(id);
        }
    }

    /**
     * Applies commits a new owner fetched from replicas to the closed database and queues them for
     * object storage, so the restore chain continues with no gap. With {@code replace} the first
     * commit is a whole-database image: the local copy restarts from it.
     */
    public void applyCaughtUp(ObjectId id, Path dbFile, boolean replace, List<io.cairn.relay.capture.CommitRecord> commits) {
        if (commits.isEmpty()) {
            return;
        }
        if (replace && commits.getFirst().pages().size() != commits.getFirst().dbSizePages()) {
            throw new IllegalStateException("the replicas sent " + id + " from txid " + commits.getFirst().txid()
                    + " without a whole-database image to start from; retry the takeover");
        }
        RelayedObject obj = relay.pin(id);
        try {
            CaughtUpPages.write(dbFile, replace, commits);
            List<io.cairn.relay.capture.CommitRecord> rest = commits;
            if (replace) {
                io.cairn.relay.capture.CommitRecord image = commits.getFirst();
                if (image.txid() > obj.lastTxid() + 1) {
                    LOG.warn("{}: caught up from a replica's image at {}; object storage lacks the commits {}..{}", id,
                            io.cairn.relay.capture.Bookmarks.format(image.txid()), obj.lastTxid() + 1, image.txid() - 1);
                }
                obj.resetTo(image.txid(), java.time.Instant.ofEpochMilli(image.commitTimeMillis()));
                rest = commits.subList(1, commits.size());
            }
            for (io.cairn.relay.capture.CommitRecord c : rest) {
                obj.appendCaughtUp(c);
            }
            obj.sync();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot apply the commits of " + id + " fetched from replicas: " + e.getMessage(), e);
        } finally {
            relay.unpin(id);
        }
    }

    /** A database file at {@code txid} rebuilt from object storage, and its page size. */
    public record StoredCopy(Path file, long txid, int pageSize) {
    }

    /**
     * Rebuilds the newest state object storage holds of {@code id} into a new file in {@code dir}
     * (page for page the database at that txid); empty when storage holds nothing of it. Used to
     * seed a replica that has nothing. Blocks (downloads); the caller deletes the file.
     */
    public java.util.Optional<StoredCopy> latestStoredCopy(ObjectId id, Path dir) throws IOException {
        try {
            io.cairn.relay.store.S3History history = new io.cairn.relay.store.S3History(relay.store(), relay.layout(), id);
            java.util.OptionalLong latest = io.cairn.relay.capture.Restorer.latestTxid(history);
            if (latest.isEmpty()) {
                return java.util.Optional.empty();
            }
            java.nio.file.Files.createDirectories(dir);
            Path file = dir.resolve("seed-" + java.util.UUID.randomUUID() + ".db");
            io.cairn.relay.capture.RestoreResult r = io.cairn.relay.capture.Restorer.restore(history, latest.getAsLong(), file,
                    io.cairn.relay.capture.RestoreProgress.NONE);
            return java.util.Optional.of(new StoredCopy(file, r.txid(), pageSizeOf(file)));
        } catch (io.cairn.relay.store.ObjectStoreException | io.cairn.relay.capture.RestoreGapException e) {
            throw new IOException("cannot rebuild " + id + " from object storage: " + e.getMessage(), e);
        }
    }

    /** The page size in a SQLite header (offset 16, big-endian; 1 means 65536). */
    private static int pageSizeOf(Path db) throws IOException {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(db, java.nio.file.StandardOpenOption.READ)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(2);
            ch.read(b, 16);
            int v = ((b.get(0) & 0xff) << 8) | (b.get(1) & 0xff);
            return v == 1 ? 65536 : v;
        }
    }
}
