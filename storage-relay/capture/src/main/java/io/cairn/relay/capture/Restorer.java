package io.cairn.relay.capture;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Point-in-time restore: the newest snapshot at or before the target txid, then every commit after it up to
 * the target, applied page by page. The plan is made from names first ({@link RestorePlan}), so a gap is
 * reported before anything is downloaded; while reading, every segment must hold exactly the consecutive
 * txids its name promises.
 */
public final class Restorer {

    private static final int READ_BUFFER = 1 << 16;

    private Restorer() {
    }

    /**
     * Writes the database at {@code targetTxid} to {@code outFile}, atomically: a temp file next to it is
     * filled, fsynced and renamed over it, so {@code outFile} is never partial (and an existing one is
     * replaced only on success).
     *
     * @throws RestoreGapException     no snapshot at or before the target, a txid range not covered (or
     *                                 covered twice) by segment names, or a segment whose records contradict
     *                                 its name; the message names the range and the segments around it
     * @throws CorruptRecordException  a segment failed its checks; the message names its key
     */
    public static RestoreResult restore(History h, long targetTxid, Path outFile, RestoreProgress p)
            throws IOException, RestoreGapException {
        RestorePlan plan = RestorePlan.of(h.snapshots(), h.segments(), targetTxid);
        Path tmp = outFile.resolveSibling("." + outFile.getFileName() + ".restore-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
        Counter counter = new Counter(p);
        long time = plan.snapshot().timeMillis();
        boolean renamed = false;
        try {
            try (InputStream in = counter.wrap(h.openSnapshot(plan.snapshot()))) {
                Files.copy(in, tmp);
            }
            try (FileChannel db = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                long next = plan.snapshot().txid() + 1;
                for (SegmentRef s : plan.segments()) {
                    time = apply(h, s, db, next, targetTxid, counter);
                    next = s.lastTxid() + 1;
                }
                db.force(true);
            }
            FileSync.moveDurably(tmp, outFile);
            renamed = true;
        } finally {
            if (!renamed) {
                Files.deleteIfExists(tmp);
            }
        }
        counter.finish();
        return new RestoreResult(targetTxid, time, plan.snapshot().txid(), plan.segments().size(), counter.bytes);
    }

    /** Applies the records of {@code s} from txid {@code next} up to {@code target}; returns the last commit time. */
    private static long apply(History h, SegmentRef s, FileChannel db, long next, long target, Counter counter)
            throws IOException, RestoreGapException {
        long expected = s.firstTxid();
        long time = -1;
        try (InputStream in = new BufferedInputStream(counter.wrap(h.openSegment(s)), READ_BUFFER)) {
            for (CommitRecord r; (r = RecordCodec.read(in)) != null; ) {
                if (r.txid() != expected || r.txid() > s.lastTxid()) {
                    throw contradiction(s, "holds txid " + r.txid() + " where txid " + expected + " belongs",
                            expected, Math.min(s.lastTxid(), target));
                }
                expected++;
                if (r.txid() >= next) {
                    DatabaseImage.apply(db, r);
                    time = r.commitTimeMillis();
                }
                if (r.txid() == target) {
                    return time;   // the rest of the segment is after the target: no need to read it
                }
            }
        } catch (CorruptRecordException e) {
            throw new CorruptRecordException("segment " + s.key() + ": " + e.getMessage(), e);
        }
        if (expected != s.lastTxid() + 1) {
            throw contradiction(s, "ends after txid " + (expected - 1), expected, Math.min(s.lastTxid(), target));
        }
        return time;
    }

    private static RestoreGapException contradiction(SegmentRef s, String what, long from, long to) {
        return new RestoreGapException("segment " + s.key() + " (named " + s.firstTxid() + ".." + s.lastTxid() + ") "
                + what, from, to);
    }

    /**
     * The txid of the last commit (or snapshot) with a commit time at or before {@code timeMillis}; empty if
     * there is none. Segment names carry their first and last times, so at most one segment, the one that
     * starts at or before the time and ends after it, is read.
     */
    public static OptionalLong txidAt(History h, long timeMillis) throws IOException {
        long best = -1;
        for (SnapshotRef s : h.snapshots()) {
            if (s.timeMillis() <= timeMillis) {
                best = Math.max(best, s.txid());
            }
        }
        List<SegmentRef> straddling = new ArrayList<>();
        for (SegmentRef s : h.segments()) {
            if (s.lastTimeMillis() <= timeMillis) {
                best = Math.max(best, s.lastTxid());
            } else if (s.firstTimeMillis() <= timeMillis) {
                straddling.add(s);
            }
        }
        straddling.sort(Comparator.comparingLong(SegmentRef::lastTxid).reversed());
        for (SegmentRef s : straddling) {
            if (s.lastTxid() > best) {
                best = Math.max(best, lastAtOrBefore(h, s, timeMillis));
            }
        }
        return best < 0 ? OptionalLong.empty() : OptionalLong.of(best);
    }

    /** Reads {@code s} until the first commit after {@code timeMillis} (commit times do not decrease). */
    private static long lastAtOrBefore(History h, SegmentRef s, long timeMillis) throws IOException {
        long found = -1;
        try (InputStream in = new BufferedInputStream(h.openSegment(s), READ_BUFFER)) {
            for (CommitRecord r; (r = RecordCodec.read(in)) != null && r.commitTimeMillis() <= timeMillis; ) {
                found = r.txid();
            }
        } catch (CorruptRecordException e) {
            throw new CorruptRecordException("segment " + s.key() + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** The highest txid stored (snapshot or segment end); empty for an empty history. */
    public static OptionalLong latestTxid(History h) throws IOException {
        long best = -1;
        for (SnapshotRef s : h.snapshots()) {
            best = Math.max(best, s.txid());
        }
        for (SegmentRef s : h.segments()) {
            best = Math.max(best, s.lastTxid());
        }
        return best < 0 ? OptionalLong.empty() : OptionalLong.of(best);
    }

    /** Counts bytes read from the history and reports progress every few MiB. */
    private static final class Counter {
        private static final long STEP = 4L << 20;
        private final RestoreProgress progress;
        private long bytes;
        private long reported;

        Counter(RestoreProgress progress) {
            this.progress = progress == null ? RestoreProgress.NONE : progress;
        }

        InputStream wrap(InputStream in) {
            return new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        add(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        add(n);
                    }
                    return n;
                }
            };
        }

        private void add(long n) {
            bytes += n;
            if (bytes - reported >= STEP) {
                reported = bytes;
                progress.progress(bytes, -1);
            }
        }

        void finish() {
            progress.progress(bytes, bytes);
        }
    }
}
