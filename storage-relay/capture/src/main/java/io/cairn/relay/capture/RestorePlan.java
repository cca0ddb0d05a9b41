package io.cairn.relay.capture;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Which snapshot and which segments restore {@code target}, decided from names alone before any byte is
 * downloaded, so a gap fails fast and cheaply: the newest snapshot at or before the target, then segments
 * that cover every txid after it up to the target exactly once (the same range stored twice counts once).
 */
record RestorePlan(SnapshotRef snapshot, List<SegmentRef> segments) {

    static RestorePlan of(List<SnapshotRef> snapshots, List<SegmentRef> segments, long target)
            throws RestoreGapException {
        SnapshotRef snap = snapshots.stream().filter(s -> s.txid() <= target)
                .max(Comparator.comparingLong(SnapshotRef::txid))
                .orElseThrow(() -> new RestoreGapException("no snapshot at or before txid " + target, 0, target));
        List<SegmentRef> relevant = segments.stream()
                .filter(s -> s.lastTxid() > snap.txid() && s.firstTxid() <= target)
                .sorted(Comparator.comparingLong(SegmentRef::firstTxid).thenComparingLong(SegmentRef::lastTxid))
                .toList();
        List<SegmentRef> chosen = new ArrayList<>();
        long next = snap.txid() + 1;
        SegmentRef previous = null;
        for (SegmentRef s : relevant) {
            if (next > target) {
                break;
            }
            if (s.firstTxid() > s.lastTxid()) {
                throw new RestoreGapException("segment " + s.key() + " names an empty txid range "
                        + s.firstTxid() + ".." + s.lastTxid(), s.firstTxid(), s.lastTxid());
            }
            if (previous != null && s.firstTxid() == previous.firstTxid() && s.lastTxid() == previous.lastTxid()) {
                continue;
            }
            if (s.firstTxid() > next) {
                throw missing(next, s.firstTxid() - 1, snap, previous, s);
            }
            if (previous != null && s.firstTxid() < next) {
                throw new RestoreGapException("segments " + previous.key() + " (" + previous.firstTxid() + ".."
                        + previous.lastTxid() + ") and " + s.key() + " (" + s.firstTxid() + ".." + s.lastTxid()
                        + ") overlap on txids " + s.firstTxid() + ".." + Math.min(previous.lastTxid(), s.lastTxid()),
                        s.firstTxid(), Math.min(previous.lastTxid(), s.lastTxid()));
            }
            chosen.add(s);
            previous = s;
            next = s.lastTxid() + 1;
        }
        if (next <= target) {
            throw missing(next, target, snap, previous, null);
        }
        return new RestorePlan(snap, List.copyOf(chosen));
    }

    private static RestoreGapException missing(long from, long to, SnapshotRef snap, SegmentRef before, SegmentRef after) {
        String left = before == null ? "snapshot " + snap.key() + " (txid " + snap.txid() + ")"
                : "segment " + before.key() + " (" + before.firstTxid() + ".." + before.lastTxid() + ")";
        String right = after == null ? "no later segment"
                : "segment " + after.key() + " (" + after.firstTxid() + ".." + after.lastTxid() + ")";
        return new RestoreGapException("txids " + from + ".." + to + " are missing from the history: between "
                + left + " and " + right, from, to);
    }
}
