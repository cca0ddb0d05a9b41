package io.cairn.relay;

import io.cairn.api.ObjectId;
import io.cairn.relay.capture.Bookmarks;
import io.cairn.relay.capture.RestoreGapException;
import io.cairn.relay.capture.RestoreProgress;
import io.cairn.relay.capture.Restorer;
import io.cairn.relay.capture.SnapshotRef;
import io.cairn.relay.store.ObjectLayout;
import io.cairn.relay.store.ObjectStore;
import io.cairn.relay.store.ObjectStoreException;
import io.cairn.relay.store.S3History;
import io.cairn.relay.store.Shipper;
import io.cairn.runtime.exec.ObjectHost;
import io.cairn.runtime.spi.StorageUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Point-in-time restore, bookmarks for a moment, and export. Restore and export run as exclusive
 * tasks on the object's thread: events before them finish, events after them see the result.
 *
 * <p>A restore never rewrites history: it becomes a new commit (txid = latest + 1) whose state is
 * the restored one, stored as a snapshot before the live file is replaced. So the bookmark from
 * before the restore (the undo bookmark) still names a restorable state.
 */
final class RestoreService {

    /** Result of a restore, as the admin API returns it. */
    record Restored(String restoredTo, String undo, String bookmark) {
    }

    private final StorageRelay relay;
    private final ObjectStore store;
    private final ObjectLayout layout;
    private final Clock clock;

    RestoreService(StorageRelay relay, ObjectStore store, ObjectLayout layout, Clock clock) {
        this.relay = relay;
        this.store = store;
        this.layout = layout;
        this.clock = clock;
    }

    CompletableFuture<Restored> restore(ObjectHost host, ObjectId id, RestoreTarget target, RestoreProgress progress) {
        return host.runExclusive(id, dbFile -> restoreClosed(id, dbFile, target, progress));
    }

    private Restored restoreClosed(ObjectId id, Path dbFile, RestoreTarget target, RestoreProgress progress) throws Exception {
        RelayedObject obj = relay.pin(id);
        try {
            return restorePinned(id, dbFile, obj, target, progress);
        } finally {
            relay.unpin(id);
        }
    }

    private Restored restorePinned(ObjectId id, Path dbFile, RelayedObject obj, RestoreTarget target, RestoreProgress progress)
            throws Exception {
        relay.recovery().restoreIfMissing(id, dbFile, obj, clock.instant());
        if (!Files.exists(dbFile)) {
            throw new RelayException(404, "not_found", "object " + id + " has no data to restore");
        }
        flush(id);
        long undo = obj.lastTxid();
        S3History history = new S3History(store, layout, id);
        long txid = switch (target) {
            case RestoreTarget.Bookmark b -> parse(b.bookmark(), undo);
            case RestoreTarget.At a -> Restorer.txidAt(history, a.time().toEpochMilli()).orElseThrow(() -> new RelayException(
                    404, "no_state", "no state of " + id + " at or before " + a.time() + "; see earliestRestorableTime in the object view"));
        };
        Path dir = relay.objectDir(id);
        Path restored = dir.resolve("restore.db.tmp");
        try {
            Restorer.restore(history, txid, restored, progress);
        } catch (RestoreGapException e) {
            throw new RelayException(500, "history_gap", "cannot restore " + id + " to " + Bookmarks.format(txid) + ": " + e.getMessage());
        }
        long now = clock.millis();
        long newTxid = undo + 1;
        // The restored state is stored before it goes live: a failed upload changes nothing.
        try {
            relay.shipper().uploadSnapshot(id, newTxid, now, restored).get(relay.flushTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            Files.deleteIfExists(restored);
            throw new StorageUnavailableException("cannot store the restored state of " + id + ": " + e.getMessage(), e);
        }
        Files.deleteIfExists(dbFile.resolveSibling(dbFile.getFileName() + "-wal"));
        Files.deleteIfExists(dbFile.resolveSibling(dbFile.getFileName() + "-shm"));
        Files.move(restored, dbFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        obj.resetTo(newTxid, Instant.ofEpochMilli(now));
        return new Restored(Bookmarks.format(txid), Bookmarks.format(undo), Bookmarks.format(newTxid));
    }

    private static long parse(String bookmark, long latest) {
        long txid;
        try {
            txid = Bookmarks.parse(bookmark);
        } catch (IllegalArgumentException e) {
            throw new RelayException(400, "bad_bookmark", e.getMessage());
        }
        if (txid > latest) {
            throw new RelayException(400, "bad_bookmark", "bookmark " + bookmark + " is newer than the object's latest state "
                    + Bookmarks.format(latest));
        }
        return txid;
    }

    /** The bookmark of the state at {@code at}; everything captured so far is flushed first so recent moments count. */
    String bookmarkAt(ObjectId id, Instant at) {
        flush(id);
        OptionalLong txid;
        try {
            txid = Restorer.txidAt(new S3History(store, layout, id), at.toEpochMilli());
        } catch (IOException e) {
            throw new StorageUnavailableException("cannot read the history of " + id + ": " + e.getMessage(), e);
        }
        return Bookmarks.format(txid.orElseThrow(() -> new RelayException(404, "no_state",
                "no state of " + id + " at or before " + at)));
    }

    /** A consistent copy of the object's database, taken while it is closed; the caller deletes it. */
    CompletableFuture<Path> export(ObjectHost host, ObjectId id) {
        return host.runExclusive(id, dbFile -> {
            RelayedObject obj = relay.pin(id);
            try {
                relay.recovery().restoreIfMissing(id, dbFile, obj, clock.instant());
                if (!Files.exists(dbFile)) {
                    throw new RelayException(404, "not_found", "object " + id + " has no database");
                }
                Path copy = Files.createTempFile(relay.objectDir(id), "export-", ".db");
                Files.copy(dbFile, copy, StandardCopyOption.REPLACE_EXISTING);
                return copy;
            } finally {
                relay.unpin(id);
            }
        });
    }

    private void flush(ObjectId id) {
        Shipper shipper = relay.shipper();
        if (!shipper.isRegistered(id)) {
            return;  // nothing captured since the object was last closed and flushed
        }
        try {
            shipper.flush(id).get(relay.flushTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new StorageUnavailableException("cannot ship the latest writes of " + id
                    + " to object storage (" + e.getMessage() + "); retry once it is reachable", e);
        }
    }

    private static Map<String, Object> backlogView(io.cairn.relay.store.Backlog b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sealedBatches", b.sealedBatches());
        m.put("pendingBytes", b.pendingBytes());
        m.put("lastShippedBookmark", b.lastShippedTxid() < 0 ? null : Bookmarks.format(b.lastShippedTxid()));
        m.put("lastFailure", b.lastFailure().map(Instant::toString).orElse(null));
        m.put("lastError", b.lastError());
        m.put("consecutiveFailures", b.consecutiveFailures());
        return m;
    }

    Map<String, Object> describe(ObjectId id) {
        Map<String, Object> out = new LinkedHashMap<>();
        relay.existing(id).ifPresent(obj -> {
            out.put("bookmark", obj.lastTxid() < 0 ? null : Bookmarks.format(obj.lastTxid()));
            long shipped = obj.spool.lastShippedTxid();
            out.put("lastFlushedBookmark", shipped < 0 ? null : Bookmarks.format(shipped));
            if (relay.shipper().isRegistered(id)) {
                out.put("backlog", backlogView(relay.shipper().backlog(id)));
            }
        });
        try {
            S3History history = new S3History(store, layout, id);
            out.put("earliestRestorableTime", history.snapshots().stream().mapToLong(SnapshotRef::timeMillis).min()
                    .stream().mapToObj(ms -> Instant.ofEpochMilli(ms).toString()).findFirst().orElse(null));
        } catch (IOException | ObjectStoreException e) {
            out.put("earliestRestorableTime", null);
            out.put("objectStorageError", e.getMessage());
        }
        return out;
    }
}
