package io.cairn.relay.capture;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One object's local durable log of captured commits not yet shipped.
 *
 * <p>Files in the directory: {@code active-<epoch>.log} (records being appended),
 * {@code batch-<epoch>-<first>-<last>.log} (sealed batches, txids as bookmarks), {@code cursor}
 * ({@link SpoolCursor}), and {@code *.corrupt} (sealed files that failed validation at open; see
 * {@link #quarantined()}). All record files are {@link RecordCodec} records.
 *
 * <p>Durability: {@link #append} hands the record to the OS (it survives a process crash, not a power
 * loss); {@link #sync}, {@link #markCheckpoint} and {@link #seal} fsync. After a power loss the active file
 * may end in a torn record, which {@link #open} cuts off; those commits are still in the WAL (it cannot
 * have been checkpointed past an unsynced record) and are captured again from {@link #lastWalPosition()}.
 *
 * <p>Thread-safety: every method is synchronized except {@link #readSealed}, which reads an immutable file.
 */
public final class Spool implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Spool.class);
    private static final Pattern ACTIVE = Pattern.compile("active-(\\d+)\\.log");
    private static final Pattern BATCH = Pattern.compile("batch-(\\d+)-([0-9a-f]{16})-([0-9a-f]{16})\\.log");
    private static final String CORRUPT_SUFFIX = ".corrupt";

    private final Path dir;
    private SpoolCursor cursor;
    private final TreeMap<Long, Sealed> sealed = new TreeMap<>();
    private final List<Path> quarantined = new ArrayList<>();
    private long maxShippedTxid;
    private final ActiveLog active = new ActiveLog();

    private long lastTxid = -1;
    private long lastCommitTimeMillis;
    private WalPosition lastWalPosition;
    private boolean closed;

    /** A sealed batch and the WAL position of its last record (needed when it is shipped and deleted). */
    private record Sealed(SealedBatch batch, WalPosition lastEnd) {
    }

    private Spool(Path dir, SpoolCursor cursor) {
        this.dir = dir;
        this.cursor = cursor;
    }

    /** Opens (creating if needed) the spool in {@code dir}, recovering from whatever a crash left. */
    public static Spool open(Path dir) throws IOException {
        Files.createDirectories(dir);
        Spool s = new Spool(dir, SpoolCursor.read(dir));
        synchronized (s) {
            s.recover();
        }
        return s;
    }

    private void recover() throws IOException {
        Files.deleteIfExists(dir.resolve(SpoolCursor.FILE + ".tmp"));
        lastTxid = cursor.lastTxid();
        lastCommitTimeMillis = cursor.lastCommitTimeMillis();
        lastWalPosition = cursor.position();
        maxShippedTxid = cursor.lastShippedTxid();
        TreeMap<Long, Path> batches = new TreeMap<>();
        Path activeFile = activePath();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                Matcher b = BATCH.matcher(name);
                Matcher a = ACTIVE.matcher(name);
                if (b.matches() || a.matches()) {
                    if (Long.parseLong(b.matches() ? b.group(1) : a.group(1)) != cursor.epoch()) {
                        Files.delete(f);   // left over from before a resetTo: history that no longer exists
                    } else if (b.matches()) {
                        batches.put(Bookmarks.parse(b.group(2)), f);
                    }
                } else if (name.endsWith(CORRUPT_SUFFIX)) {
                    quarantined.add(f);
                }
            }
        }
        for (Path f : batches.values()) {
            recoverBatch(f);
        }
        SpoolLog scan = Files.exists(activeFile) ? SpoolLog.scan(activeFile) : null;
        if (scan != null && scan.damage() != null) {
            log.warn("{}: dropping torn tail after {} records ({} of {} bytes kept): {}", activeFile,
                    scan.records(), scan.validBytes(), Files.size(activeFile), scan.damage());
        }
        active.open(activeFile, scan);
        if (scan != null && scan.records() > 0) {
            noteLatest(scan.lastTxid(), scan.lastTimeMillis(), scan.lastEnd());
        }
        FileSync.syncDirectory(dir);
    }

    private void recoverBatch(Path f) throws IOException {
        SpoolLog scan = SpoolLog.scan(f);
        if (scan.damage() != null) {
            // fsynced before it was sealed, so this is media damage: keep the evidence out of the way.
            Path q = f.resolveSibling(f.getFileName() + CORRUPT_SUFFIX);
            Files.move(f, q);
            quarantined.add(q);
            log.error("{}: sealed spool batch is damaged ({}), quarantined as {}", f, scan.damage(), q);
        } else if (scan.records() == 0 || scan.lastTxid() <= cursor.lastShippedTxid()) {
            Files.delete(f);   // shipped, but the process died before deleting it
        } else {
            SealedBatch b = new SealedBatch(scan.firstTxid(), scan.lastTxid(), scan.firstTimeMillis(),
                    scan.lastTimeMillis(), f, Files.size(f));
            sealed.put(b.firstTxid(), new Sealed(b, scan.lastEnd()));
            noteLatest(scan.lastTxid(), scan.lastTimeMillis(), scan.lastEnd());
        }
    }

    private void noteLatest(long txid, long time, WalPosition end) {
        if (txid > lastTxid) {
            lastTxid = txid;
            lastCommitTimeMillis = time;
            lastWalPosition = end;
        }
    }

    /**
     * Appends a record (written to the OS, not fsynced).
     *
     * @throws IllegalStateException the txid does not follow {@link #lastTxid()} (any txid is accepted
     *                               as the first one of a spool that never captured anything)
     */
    public synchronized void append(CommitRecord r) throws IOException {
        ensureWritable();
        if (lastTxid >= 0 && r.txid() != lastTxid + 1) {
            throw new IllegalStateException("spool " + dir + ": expected txid " + (lastTxid + 1) + ", got " + r.txid());
        }
        active.append(r);
        lastTxid = r.txid();
        lastCommitTimeMillis = r.commitTimeMillis();
        lastWalPosition = r.walEnd();
    }

    /** fsyncs the active file: every appended record survives a power loss. */
    public synchronized void sync() throws IOException {
        ensureWritable();
        active.sync();
    }

    /**
     * Makes everything captured up to {@code capturedEnd} durable, after which a checkpoint may overwrite the
     * WAL. Refuses a position the spool does not hold, because checkpointing then would lose commits.
     *
     * @throws IllegalStateException {@code capturedEnd} is not the spool's {@link #lastWalPosition()} (nor the
     *                               empty start of a newer WAL generation)
     */
    public synchronized void markCheckpoint(WalPosition capturedEnd) throws IOException {
        ensureWritable();
        boolean emptyNewGeneration = capturedEnd.offset() <= WalHeader.BYTES
                && (lastWalPosition == null || !capturedEnd.sameGeneration(lastWalPosition));
        if (!emptyNewGeneration && !capturedEnd.equals(lastWalPosition)) {
            throw new IllegalStateException("spool " + dir + " holds commits up to " + lastWalPosition
                    + ", not " + capturedEnd + ": append every polled transaction before checkpointing");
        }
        active.sync();
    }

    public synchronized long lastTxid() {
        return lastTxid;
    }

    /** Where WAL capture resumes after a restart: the end of the last captured commit. */
    public synchronized Optional<WalPosition> lastWalPosition() {
        return Optional.ofNullable(lastWalPosition);
    }

    public synchronized long lastCommitTimeMillis() {
        return lastCommitTimeMillis;
    }

    /** Bytes in the active (unsealed) file. */
    public synchronized long pendingBytes() {
        return active.bytes();
    }

    /** Commit time of the oldest record in the active file, if any. */
    public synchronized OptionalLong firstPendingTimeMillis() {
        return active.records() == 0 ? OptionalLong.empty() : OptionalLong.of(active.firstTimeMillis());
    }

    /** fsyncs and closes the active file as a batch and starts a new one; empty if nothing is pending. */
    public synchronized Optional<SealedBatch> seal() throws IOException {
        ensureWritable();
        if (active.records() == 0) {
            return Optional.empty();
        }
        Path target = dir.resolve("batch-" + cursor.epoch() + "-" + Bookmarks.format(active.firstTxid()) + "-"
                + Bookmarks.format(lastTxid) + ".log");
        SealedBatch b = new SealedBatch(active.firstTxid(), lastTxid, active.firstTimeMillis(), lastCommitTimeMillis,
                target, active.bytes());
        active.sealTo(target);
        sealed.put(b.firstTxid(), new Sealed(b, lastWalPosition));
        return Optional.of(b);
    }

    /** Sealed batches not yet shipped, oldest first. */
    public synchronized List<SealedBatch> sealed() {
        return sealed.values().stream().map(Sealed::batch).toList();
    }

    /**
     * Records that {@code b} was uploaded, durably, then deletes its file. Batches may be shipped out of order;
     * {@link #lastShippedTxid()} only advances over a contiguous shipped prefix.
     */
    public synchronized void shipped(SealedBatch b) throws IOException {
        ensureOpen();
        Sealed s = sealed.get(b.firstTxid());
        if (s == null || !s.batch().equals(b)) {
            throw new IllegalArgumentException("spool " + dir + " has no unshipped batch " + b);
        }
        maxShippedTxid = Math.max(maxShippedTxid, b.lastTxid());
        sealed.remove(b.firstTxid());
        long contiguous = sealed.isEmpty() ? maxShippedTxid : Math.min(maxShippedTxid, sealed.firstKey() - 1);
        // Cursor first: a batch file surviving a crash is re-shipped (harmless); a cursor that forgot a
        // deleted batch could let txids be reused.
        cursor = cursor.withShipped(Math.max(cursor.lastShippedTxid(), contiguous))
                .withLatest(b.lastTxid(), b.lastTimeMillis(), s.lastEnd());
        cursor.write(dir);
        Files.deleteIfExists(b.file());
    }

    /** Highest txid such that it and every txid before it were shipped; -1 when none. */
    public synchronized long lastShippedTxid() {
        return cursor.lastShippedTxid();
    }

    /** Every record of a sealed batch, checked against the batch's txid range. */
    public List<CommitRecord> readSealed(SealedBatch b) throws IOException {
        List<CommitRecord> records;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(b.file()), 1 << 16)) {
            records = RecordCodec.readAll(in);
        }
        if (records.isEmpty() || records.getFirst().txid() != b.firstTxid()
                || records.getLast().txid() != b.lastTxid() || records.size() != b.lastTxid() - b.firstTxid() + 1) {
            throw new CorruptRecordException(b.file() + " does not hold txids " + b.firstTxid() + ".." + b.lastTxid());
        }
        return records;
    }

    /**
     * After a restore or disaster recovery: drops every record and batch, and durably sets
     * {@code lastTxid = lastShippedTxid = txid}, the commit time and the WAL position to resume from. Atomic:
     * one cursor rename switches to a new file epoch; files of the old epoch are deleted now or at open.
     */
    public synchronized void resetTo(long txid, long commitTimeMillis, WalPosition pos) throws IOException {
        ensureOpen();
        active.close();
        cursor = new SpoolCursor(cursor.epoch() + 1, txid, txid, commitTimeMillis, pos);
        cursor.write(dir);
        for (Sealed s : sealed.values()) {
            Files.deleteIfExists(s.batch().file());
        }
        for (Path q : quarantined) {
            Files.deleteIfExists(q);
        }
        sealed.clear();
        quarantined.clear();
        lastTxid = txid;
        lastCommitTimeMillis = commitTimeMillis;
        lastWalPosition = pos;
        maxShippedTxid = txid;
        Path oldActive = active.path();
        active.open(activePath(), null);
        if (oldActive != null) {
            Files.deleteIfExists(oldActive);
        }
        FileSync.syncDirectory(dir);
    }

    /** Sealed files found damaged at open and moved aside: their txids are missing from the history. */
    public synchronized List<Path> quarantined() {
        return List.copyOf(quarantined);
    }

    public Path directory() {
        return dir;
    }

    /** Closes the active file without fsync (appended records are with the OS). */
    @Override
    public synchronized void close() {
        closed = true;
        active.close();
    }

    private Path activePath() {
        return dir.resolve("active-" + cursor.epoch() + ".log");
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("spool " + dir + " is closed");
        }
    }

    private void ensureWritable() {
        ensureOpen();
        active.ensureWritable();
    }
}
