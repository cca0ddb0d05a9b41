package io.cairn.relay.replication;

import io.cairn.relay.capture.CommitRecord;
import io.cairn.relay.capture.DatabaseImage;
import io.cairn.relay.capture.PageImage;
import io.cairn.relay.capture.WalPosition;
import io.cairn.relay.replication.Message.Ack;
import io.cairn.relay.replication.Message.Append;
import io.cairn.relay.replication.Message.Fetch;
import io.cairn.relay.replication.Message.Frames;
import io.cairn.relay.replication.Message.Install;
import io.cairn.relay.replication.Message.Nack;
import io.cairn.relay.replication.Message.Reason;
import io.cairn.relay.replication.Message.Response;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
    /** An image being received, or null. Lost on a crash: the owner sends it again. */
    private ImageStaging staging;

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
        r.recoverSeed();
        r.log.force();   // what a killed process left in the page cache is ours now: make it durable
        r.durableTxid = r.lastTxid();
        if (m.applyingTo() > m.appliedTxid()) {
            int pageSize = r.applyRange(m.appliedTxid() + 1, m.applyingTo());
            r.meta = r.meta.withApply(m.applyingTo(), m.applyingTo(), pageSize);
            r.meta.write(dir);
        }
        return r;
    }

    /**
     * Finishes what a crash interrupted around a seed: deletes files no meta refers to, completes an adoption
     * whose rename happened, and empties a log that still holds commits the seed replaced.
     */
    private void recoverSeed() throws IOException {
        long seed = meta.seedTxid();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "seed*")) {
            for (Path f : files) {
                if (seed < 0 || !f.getFileName().toString().equals(ReplicaMeta.seedFile(seed))) {
                    Files.delete(f);
                }
            }
        }
        if (seed >= 0 && !Files.exists(dir.resolve(ReplicaMeta.seedFile(seed)))) {
            meta = meta.withApply(seed, seed, meta.seedPageSize()).withSeed(-1, 0);   // renamed into db
            meta.write(dir);
        } else if (seed >= 0 && log.firstTxid() >= 0 && log.firstTxid() <= seed) {
            log.reset();
        }
    }

    ReplicaMeta meta() {
        return meta;
    }

    long lastTxid() {
        return Math.max(Math.max(log.lastTxid(), meta.appliedTxid()), meta.seedTxid());
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
        Path droppedSeed = cutDivergence(a.history());
        long last = lastTxid();
        if (a.prevTxid() > last) {
            persistIfChanged(before, droppedSeed);
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
        persistIfChanged(before, droppedSeed);
        return ack(a.committedTxid());
    }

    private Ack ack(long ownerCommitted) {
        committedHint = Math.max(committedHint, Math.min(ownerCommitted, lastTxid()));
        return new Ack(meta.objectKey(), meta.promisedEpoch(), position(), meta.appliedTxid());
    }

    /**
     * Cuts the log (and a pending seed) where it diverges from {@code owner}'s history: commits the newer
     * owner does not have were never acknowledged (and never applied). Returns the dropped seed's file,
     * to delete once the meta no longer refers to it, or null.
     */
    private Path cutDivergence(EpochHistory owner) throws IOException {
        long diverged = meta.history().firstDivergence(owner, meta.appliedTxid(), lastTxid());
        if (diverged < 0) {
            return null;
        }
        log.truncateAfter(diverged - 1);
        Path dropped = null;
        if (meta.seedTxid() >= diverged) {
            dropped = dir.resolve(ReplicaMeta.seedFile(meta.seedTxid()));
            meta = meta.withSeed(-1, 0);
        }
        durableTxid = Math.min(durableTxid, lastTxid());
        return dropped;
    }

    private void persistIfChanged(ReplicaMeta before, Path obsoleteSeed) throws IOException {
        if (!meta.equals(before)) {
            meta.write(dir);
        }
        if (obsoleteSeed != null) {
            Files.deleteIfExists(obsoleteSeed);
        }
    }

    /**
     * Handles one chunk of an image ({@link Install}); with the last chunk the image becomes the pending
     * seed, durably (image fsynced and renamed, meta written, log emptied) before the Ack is returned.
     */
    Response install(Install i) throws IOException {
        if (i.epoch() < meta.promisedEpoch()) {
            discardStaging();
            return new Nack(i.objectKey(), meta.promisedEpoch(), Reason.STALE_EPOCH, -1,
                    "epoch " + i.epoch() + " is below the promised " + meta.promisedEpoch());
        }
        ReplicaMeta before = meta;
        if (i.epoch() > meta.promisedEpoch()) {
            meta = meta.withPromise(i.epoch());
        }
        Path obsolete = cutDivergence(i.history());
        long last = lastTxid();
        if (last >= i.chunk().txid()) {
            discardStaging();   // it holds the image's txid already: the owner goes on with Appends
        } else if (i.firstPage() == 1 || (staging != null && staging.continuedBy(i))) {
            if (i.firstPage() == 1) {
                discardStaging();
                staging = ImageStaging.begin(dir, i);
            }
            staging.write(i);
            if (i.last()) {
                Path previous = meta.seedTxid() >= 0 ? dir.resolve(ReplicaMeta.seedFile(meta.seedTxid())) : null;
                obsolete = obsolete != null ? obsolete : previous;
                adoptImage(i.history(), last);
            }
        } else {
            discardStaging();
            persistIfChanged(before, obsolete);
            return new Nack(i.objectKey(), meta.promisedEpoch(), Reason.FAILED, -1, "image chunk from page "
                    + i.firstPage() + " of txid " + i.chunk().txid() + " does not continue the staged image");
        }
        persistIfChanged(before, obsolete);
        return ack(i.committedTxid());
    }

    /** The staged image becomes the pending seed; every commit up to it leaves the log. */
    private void adoptImage(EpochHistory owner, long last) throws IOException {
        long txid = staging.txid();
        staging.finish(dir.resolve(ReplicaMeta.seedFile(txid)));
        meta = meta.withSeed(txid, staging.pageSize())
                .withHistory(meta.history().splice(last, owner).trimBelow(meta.appliedTxid()));
        staging = null;
        meta.write(dir);   // the commit point: from here on the seed stands for 0..txid
        log.reset();
        markDurable(txid);
    }

    private void discardStaging() throws IOException {
        if (staging != null) {
            staging.close();
            staging = null;
        }
    }

    /** True when committed, durable commits wait to be applied to the copy. */
    boolean applyPending() {
        long target = Math.min(committedHint, durableTxid);
        return target > meta.appliedTxid() && target >= meta.seedTxid();
    }

    /**
     * Applies committed, durable commits to the database copy and fsyncs it; then drops log records older
     * than {@code keepTail} commits before the applied txid.
     */
    void applyCommitted(long keepTail) throws IOException {
        long target = Math.min(Math.min(committedHint, durableTxid), lastTxid());
        if (target <= meta.appliedTxid() || target < meta.seedTxid()) {
            return;   // below a pending seed the log holds nothing to apply
        }
        if (meta.seedTxid() >= 0) {
            adoptSeed();
        }
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

    /** The committed seed becomes the copy: renamed over it, then recorded (see {@link #recoverSeed}). */
    private void adoptSeed() throws IOException {
        long seed = meta.seedTxid();
        if (db != null) {
            db.close();
            db = null;
        }
        Files.move(dir.resolve(ReplicaMeta.seedFile(seed)), databaseFile(), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        io.cairn.relay.capture.FileSync.syncDirectory(dir);
        meta = meta.withApply(seed, seed, meta.seedPageSize()).withSeed(-1, 0);
        meta.write(dir);
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

    /**
     * Answers a Fetch from the log, or, when the log no longer reaches back, starting with the whole database
     * (the pending seed, else the copy) — limited to images that fit one message.
     */
    Frames fetch(Fetch f) throws IOException {
        long last = lastTxid();
        long to = Math.min(f.toTxid(), last);
        if (f.fromTxid() > to) {
            return new Frames(f.objectKey(), false, List.of());
        }
        if (log.holds(f.fromTxid())) {
            return new Frames(f.objectKey(), false, log.read(f.fromTxid(), to, f.maxBytes()));
        }
        long seed = meta.seedTxid();
        if (seed > to) {
            throw new IOException("commits " + f.fromTxid() + ".." + to + " are held only as part of an image at "
                    + seed);
        }
        List<CommitRecord> out = new ArrayList<>();
        out.add(seed >= 0 ? image(dir.resolve(ReplicaMeta.seedFile(seed)), seed, meta.seedPageSize())
                : image(databaseFile(), meta.appliedTxid(), meta.pageSize()));
        out.addAll(log.read(out.getFirst().txid() + 1, to, f.maxBytes()));
        return new Frames(f.objectKey(), true, out);
    }

    /** A whole database file as one record of every page (commit time unknown: 0). */
    private static CommitRecord image(Path file, long txid, int pageSize) throws IOException {
        long bytes = Files.size(file);
        if (bytes > MessageCodec.MAX_PAYLOAD - (1 << 20)) {
            throw new IOException("the database image at txid " + txid + " has " + bytes + " bytes, above what one "
                    + "message carries (" + MessageCodec.MAX_PAYLOAD + "); fetch it from a replica holding the "
                    + "commits instead, or seed this node from the owner (Install is chunked)");
        }
        try (DatabaseSnapshot s = DatabaseSnapshot.ofFile(file, txid, pageSize, false)) {
            byte[] all = s.read(1, s.dbSizePages());
            List<PageImage> pages = new ArrayList<>(s.dbSizePages());
            for (int p = 0; p < s.dbSizePages(); p++) {
                pages.add(new PageImage(p + 1, java.util.Arrays.copyOfRange(all, p * pageSize, (p + 1) * pageSize)));
            }
            return new CommitRecord(txid, 0, pageSize, s.dbSizePages(), pages, WalPosition.NONE);
        }
    }

    @Override
    public void close() throws IOException {
        discardStaging();
        log.close();
        if (db != null) {
            db.close();
        }
    }
}
