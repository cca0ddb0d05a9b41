package io.cairn.relay;

import io.cairn.api.ObjectId;
import io.cairn.relay.capture.Bookmarks;
import io.cairn.relay.capture.CommitRecord;
import io.cairn.relay.capture.Spool;
import io.cairn.relay.capture.WalPosition;
import io.cairn.relay.capture.WalTailer;
import io.cairn.relay.capture.WalTransaction;
import io.cairn.runtime.sqlite.ObjectDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Capture state of one object: its spool, the WAL tailer of the current activation and the
 * snapshot bookkeeping. Capture, checkpoints and snapshot starts run on the object's thread;
 * only the snapshot file copy runs elsewhere, and checkpoints wait while it does, because the
 * copy reads the database file a checkpoint would change.
 */
final class RelayedObject {

    private static final Logger LOG = LoggerFactory.getLogger(RelayedObject.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    final ObjectId id;
    final Spool spool;
    private final Path dir;
    private final SnapshotMarker marker;
    private WalTailer tailer;
    private ObjectDatabase db;
    /** Guarded by this: whether the object is open, so a finished flush may release the spool. */
    private boolean live;
    private volatile long bytesSinceSnapshot;
    private CompletableFuture<Void> snapshotCopy = DONE;
    /** Copy and upload of the latest snapshot; the spool must stay registered until it is done. */
    private volatile CompletableFuture<Void> snapshotStored = DONE;

    private final java.util.function.Consumer<CommitRecord> onCapture;

    RelayedObject(ObjectId id, Path dir) throws IOException {
        this(id, dir, r -> { });
    }

    RelayedObject(ObjectId id, Path dir, java.util.function.Consumer<CommitRecord> onCapture) throws IOException {
        this.onCapture = onCapture;
        this.id = id;
        this.dir = dir;
        this.spool = Spool.open(dir.resolve("spool"));
        this.marker = new SnapshotMarker(dir.resolve("snapshot"));
    }

    /** Guarded by this: the spool was closed and this instance left the relay's map. */
    private boolean released;

    synchronized boolean live() {
        return live;
    }

    synchronized void setLive(boolean value) {
        live = value;
    }

    /** Marks the object in use (open, or under an exclusive task); false when it was already released. */
    synchronized boolean pin() {
        if (released) {
            return false;
        }
        live = true;
        return true;
    }

    synchronized void markReleased() {
        released = true;
    }

    long lastTxid() {
        return spool.lastTxid();
    }

    SnapshotMarker marker() {
        return marker;
    }

    /** Starts following {@code database}: captures what the WAL holds beyond the spool (after a crash). */
    void attach(ObjectDatabase database, long nowMillis) throws IOException {
        this.db = database;
        this.tailer = new WalTailer(database.walFile(), spool.lastWalPosition().orElse(null));
        capture(nowMillis);
    }

    /** Reads the new transactions of the WAL into the spool; returns the bookmark of the last one. */
    String capture(long commitMillis) throws IOException {
        List<WalTransaction> txs = tailer.poll();
        // Point-in-time lookups need commit times that never go backwards, whatever the clock does.
        long at = Math.max(commitMillis, spool.lastCommitTimeMillis());
        for (WalTransaction t : txs) {
            CommitRecord r = CommitRecord.of(spool.lastTxid() + 1, at, t);
            spool.append(r);
            bytesSinceSnapshot += r.payloadBytes();
            onCapture.accept(r);
        }
        return spool.lastTxid() < 0 ? null : Bookmarks.format(spool.lastTxid());
    }

    boolean walAbove(long bytes) {
        return tailer.position().offset() > bytes;
    }

    /**
     * Makes the spool durable, records that the WAL may be overwritten, and checkpoints. Skipped
     * while a snapshot copy reads the database file.
     */
    boolean checkpoint() throws IOException {
        if (!snapshotCopy.isDone()) {
            return false;
        }
        spool.sync();
        if (tailer.position().isKnown()) {
            spool.markCheckpoint(tailer.position());
        }
        return db.checkpoint();
    }

    boolean snapshotDue(long snapshotEvery, java.time.Duration maxAge, Instant now) throws IOException {
        // One snapshot at a time: until the last one is stored its marker is not written yet.
        if (!snapshotCopy.isDone() || !snapshotStored.isDone()) {
            return false;
        }
        if (marker.txid() < 0) {
            return true;
        }
        long dbBytes = Files.size(db.file());
        boolean bigEnough = bytesSinceSnapshot >= Math.max(snapshotEvery, dbBytes);
        boolean oldEnough = bytesSinceSnapshot > 0 && marker.takenAt().plus(maxAge).isBefore(now);
        return bigEnough || oldEnough;
    }

    /**
     * Copies the database file right after a checkpoint (so it is the state at the last txid) and
     * hands it to {@code upload}; the copy runs on {@code copier}, the upload wherever it likes.
     */
    void startSnapshot(Executor copier, Instant now, SnapshotUpload upload) {
        long txid = spool.lastTxid();
        Path source = db.file();
        Path copy = dir.resolve("snapshot-" + Bookmarks.format(txid) + ".db.tmp");
        bytesSinceSnapshot = 0;
        snapshotCopy = CompletableFuture.runAsync(() -> {
            try {
                Files.copy(source, copy, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, copier);
        snapshotStored = snapshotCopy.thenCompose(v -> upload.upload(id, txid, now.toEpochMilli(), copy))
                .whenComplete((v, err) -> {
                    try {
                        Files.deleteIfExists(copy);
                        if (err == null) {
                            marker.write(txid, now);
                        } else {
                            LOG.warn("{}: snapshot at {} failed; the next one will be retried: {}", id,
                                    Bookmarks.format(txid), err.toString());
                            bytesSinceSnapshot = Long.MAX_VALUE / 2;
                        }
                    } catch (IOException e) {
                        LOG.warn("{}: cannot record the snapshot at {}", id, Bookmarks.format(txid), e);
                    }
                });
    }

    CompletableFuture<Void> snapshotStored() {
        return snapshotStored;
    }

    /** Before the database closes (SQLite then checkpoints and deletes the WAL): capture everything first. */
    void detach(long nowMillis) throws IOException {
        capture(nowMillis);
        snapshotCopy.join();
        spool.sync();
        if (tailer.position().isKnown()) {
            spool.markCheckpoint(tailer.position());
        }
        tailer.close();
        db = null;
        tailer = null;
    }

    /** After a restore or disaster recovery replaced the database file: history continues at {@code txid}. */
    void resetTo(long txid, Instant at) throws IOException {
        spool.resetTo(txid, at.toEpochMilli(), WalPosition.NONE);
        bytesSinceSnapshot = 0;
        marker.write(txid, at);
    }

    /**
     * Adds commits another node made (fetched from replicas by a new owner) after their pages were
     * written into the closed database: they ship to object storage like captured ones. Capture
     * resumes on a fresh WAL.
     */
    void appendCaughtUp(CommitRecord r) throws IOException {
        spool.append(new CommitRecord(r.txid(), r.commitTimeMillis(), r.pageSize(), r.dbSizePages(), r.pages(), WalPosition.NONE));
        bytesSinceSnapshot += r.payloadBytes();
    }

    void sync() throws IOException {
        spool.sync();
    }

    void close() {
        spool.close();
    }

    /** Uploads a snapshot file; the future completes when it is stored. */
    @FunctionalInterface
    interface SnapshotUpload {
        CompletableFuture<Void> upload(ObjectId id, long txid, long timeMillis, Path file);
    }
}
