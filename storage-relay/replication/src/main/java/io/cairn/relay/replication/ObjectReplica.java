package io.cairn.relay.replication;

import io.cairn.relay.capture.CommitRecord;
import io.cairn.relay.capture.DatabaseImage;
import io.cairn.relay.capture.PageImage;
import io.cairn.relay.capture.WalPosition;
import io.cairn.relay.replication.Message.Ack;
import io.cairn.relay.replication.Message.Append;
import io.cairn.relay.replication.Message.Fetch;
import io.cairn.relay.replication.Message.Frames;
import io.cairn.relay.replication.Message.Nack;
import io.cairn.relay.replication.Message.Reason;
import io.cairn.relay.replication.Message.Response;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One object on a replica: its promise, its log ({@link ReplicaLog}) and its database copy ({@code db}).
 *
 * <p>Not thread-safe: every method runs on the object's serial executor ({@link ReplicaStore}), except
 * {@link #markDurable}, which only raises a volatile watermark.
 *
 * <p>Invariants: the log plus the database copy hold every commit up to {@link #lastTxid()}; the copy is
 * exactly the owner's database at {@code meta.appliedTxid} once no apply is in progress; only commits that
 * are committed (a quorum holds them, as the owner said) and durable here are applied, so nothing applied
 * is ever cut off by a divergence.
 */
final class ObjectReplica implements AutoCloseable {

    private final Path dir;
    private final ReplicaLog log;
    private ReplicaMeta meta;
    private FileChannel db;
    /** Highest txid the owner said is committed (not persisted: owners repeat it). */
    private long committedHint = -1;
    private volatile long durableTxid;

    private ObjectReplica(Path dir, ReplicaLog log, ReplicaMeta meta) {
        this.dir = dir;
        this.log = log;
        this.meta = meta;
    }

    /** Opens or creates the object's directory, finishing an apply a crash interrupted. */
    static ObjectReplica open(Path dir, String objectKey) throws IOException {
        Files.createDirectories(dir);
        ReplicaMeta m = ReplicaMeta.read(dir);
        if (m == null) {
            m = ReplicaMeta.empty(objectKey);
            m.write(dir);
        }
        ObjectReplica r = new ObjectReplica(dir, ReplicaLog.open(dir.resolve("log")), m);
        r.log.force();   // what a killed process left in the page cache is ours now: make it durable
        r.durableTxid = r.lastTxid();
        if (m.applyingTo() > m.appliedTxid()) {
            int pageSize = r.applyRange(m.appliedTxid() + 1, m.applyingTo());
            r.meta = r.meta.withApply(m.applyingTo(), m.applyingTo(), pageSize);
            r.meta.write(dir);
        }
        return r;
    }

    ReplicaMeta meta() {
        return meta;
    }

    long lastTxid() {
        return Math.max(log.lastTxid(), meta.appliedTxid());
    }

    Position position() {
        long last = lastTxid();
        long epoch = meta.history().epochOf(last);
        return last < 0 ? Position.NONE : new Position(Math.max(epoch, 0), last);
    }

    Path databaseFile() {
        return dir.resolve("db");
    }

    ReplicaLog log() {
        return log;
    }

    void markDurable(long txid) {
        if (txid > durableTxid) {
            durableTxid = txid;
        }
    }

    /** Handles a Prepare: promises durably, with the log fsynced so the reported position survives. */
    Response prepare(long epoch) throws IOException {
        if (epoch <= meta.promisedEpoch()) {
            return new Nack(meta.objectKey(), meta.promisedEpoch(), Reason.STALE_EPOCH,
                    -1, "epoch " + epoch + " is not above the promised " + meta.promisedEpoch());
        }
        log.force();
        markDurable(log.lastTxid());
        meta = meta.withPromise(epoch);
        meta.write(dir);
        return new Message.Promise(meta.objectKey(), epoch, position(), meta.appliedTxid(), meta.history());
    }

    /**
     * Handles an Append up to the point where only an fsync of the log is missing: the returned Ack may be
     * sent once {@link ReplicaLog#force()} ran after this call. Nacks may be sent at once.
     */
    Response append(Append a) throws IOException {
        if (a.epoch() < meta.promisedEpoch()) {
            return new Nack(a.objectKey(), meta.promisedEpoch(), Reason.STALE_EPOCH, -1,
                    "epoch " + a.epoch() + " is below the promised " + meta.promisedEpoch());
        }
        ReplicaMeta before = meta;
        if (a.epoch() > meta.promisedEpoch()) {
            meta = meta.withPromise(a.epoch());   // Accepting a newer owner's commits implies its promise.
        }
        long last = lastTxid();
        long diverged = meta.history().firstDivergence(a.history(), meta.appliedTxid(), last);
        if (diverged >= 0) {
            // Commits the newer owner does not have were never acknowledged: drop them (never applied ones).
            log.truncateAfter(diverged - 1);
            last = lastTxid();
            durableTxid = Math.min(durableTxid, last);
        }
        if (a.prevTxid() > last) {
            persistIfChanged(before);
            return new Nack(a.objectKey(), meta.promisedEpoch(), Reason.BEHIND, last + 1,
                    "log ends at " + last + ", append starts after " + a.prevTxid());
        }
        for (CommitRecord c : a.commits()) {
            if (c.txid() > lastTxid()) {
                log.append(c);
            }
        }
        if (lastTxid() > last) {
            meta = meta.withHistory(meta.history().splice(last, a.history()).trimBelow(meta.appliedTxid()));
        }
        persistIfChanged(before);
        committedHint = Math.max(committedHint, Math.min(a.committedTxid(), lastTxid()));
        return new Ack(a.objectKey(), meta.promisedEpoch(), position(), meta.appliedTxid());
    }

    private void persistIfChanged(ReplicaMeta before) throws IOException {
        if (!meta.equals(before)) {
            meta.write(dir);
        }
    }

    /** True when committed, durable commits wait to be applied to the copy. */
    boolean applyPending() {
        return Math.min(committedHint, durableTxid) > meta.appliedTxid();
    }

    /**
     * Applies committed, durable commits to the database copy and fsyncs it; then drops log records older
     * than {@code keepTail} commits before the applied txid.
     */
    void applyCommitted(long keepTail) throws IOException {
        long target = Math.min(Math.min(committedHint, durableTxid), log.lastTxid());
        long applied = meta.appliedTxid();
        if (target <= applied) {
            return;
        }
        meta = meta.withApply(applied, target, meta.pageSize());
        meta.write(dir);   // intent first: a crash mid-apply is finished at open
        int pageSize = applyRange(applied + 1, target);
        meta = meta.withApply(target, target, pageSize);
        long keepFrom = target - keepTail + 1;
        if (log.firstTxid() >= 0 && log.firstTxid() < keepFrom - keepTail) {
            meta.write(dir);   // the applied txid must be durable before the log forgets what led to it
            log.compact(keepFrom);
        }
    }

    /** Applies {@code from..to} from the log, fsyncs the copy, returns the page size of the last commit. */
    private int applyRange(long from, long to) throws IOException {
        FileChannel ch = database();
        int pageSize = 0;
        for (long t = from; t <= to; ) {
            List<CommitRecord> batch = log.read(t, to, 16 << 20);
            if (batch.isEmpty()) {
                throw new IOException("commit " + t + " to apply is missing from the log of " + dir);
            }
            for (CommitRecord r : batch) {
                DatabaseImage.apply(ch, r);
                pageSize = r.pageSize();
            }
            t = batch.getLast().txid() + 1;
        }
        ch.force(true);
        return pageSize;
    }

    private FileChannel database() throws IOException {
        if (db == null) {
            db = FileChannel.open(databaseFile(), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
        }
        return db;
    }

    /** Answers a Fetch from the log, or with the database copy when the log no longer reaches back. */
    Frames fetch(Fetch f) throws IOException {
        long last = lastTxid();
        long to = Math.min(f.toTxid(), last);
        if (f.fromTxid() > to) {
            return new Frames(f.objectKey(), false, List.of());
        }
        if (log.holds(f.fromTxid())) {
            return new Frames(f.objectKey(), false, log.read(f.fromTxid(), to, f.maxBytes()));
        }
        List<CommitRecord> out = new ArrayList<>();
        out.add(image());
        out.addAll(log.read(meta.appliedTxid() + 1, to, f.maxBytes()));
        return new Frames(f.objectKey(), true, out);
    }

    /** The whole database copy at the applied txid as one record of every page (commit time unknown: 0). */
    private CommitRecord image() throws IOException {
        FileChannel ch = database();
        int pageSize = meta.pageSize();
        int pages = (int) (ch.size() / pageSize);
        List<PageImage> images = new ArrayList<>(pages);
        for (int p = 1; p <= pages; p++) {
            ByteBuffer b = ByteBuffer.allocate(pageSize);
            long at = (long) (p - 1) * pageSize;
            while (b.hasRemaining() && ch.read(b, at + b.position()) >= 0) {
                // read until the page is full
            }
            images.add(new PageImage(p, b.array()));
        }
        return new CommitRecord(meta.appliedTxid(), 0, pageSize, pages, images, WalPosition.NONE);
    }

    @Override
    public void close() throws IOException {
        log.close();
        if (db != null) {
            db.close();
        }
    }
}
