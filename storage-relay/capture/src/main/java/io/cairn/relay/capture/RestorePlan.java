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
        for (SegmentRef s : relevant) {
            if (s.firstTxid() > s.lastTxid()) {
                throw new RestoreGapException("segment " + s.key() + " names an empty txid range "
                        + s.firstTxid() + ".." + s.lastTxid(), s.firstTxid(), s.lastTxid());
            }
        }
        // Segments may overlap when an object changed owners (a dead owner's last upload landing after
        // the next owner listed the bucket): only commits a quorum held are ever shipped, and those
        // are the same in every later history, so any segment covering a txid has the same commit.
        // Each step takes the segment that reaches furthest; the restorer skips txids already applied.
        List<SegmentRef> chosen = new ArrayList<>();
        long next = snap.txid() + 1;
        SegmentRef previous = null;
        while (next <= target) {
            long from = next;
            SegmentRef best = relevant.stream().filter(s -> s.firstTxid() <= from && s.lastTxid() >= from)
                    .max(Comparator.comparingLong(SegmentRef::lastTxid)).orElse(null);
            if (best == null) {
                SegmentRef after = relevant.stream().filter(s -> s.firstTxid() > from).findFirst().orElse(null);
                throw missing(from, after == null ? target : Math.min(target, after.firstTxid() - 1), snap, previous, after);
            }
            chosen.add(best);
            previous = best;
            next = best.lastTxid() + 1;
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
