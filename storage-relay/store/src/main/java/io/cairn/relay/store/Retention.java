package io.cairn.relay.store;

import io.cairn.api.ObjectId;
import io.cairn.relay.capture.SegmentRef;
import io.cairn.relay.capture.SnapshotRef;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Deletes what is not needed to restore any moment of the retention window.
 *
 * <p>The rule: find the base, the newest snapshot taken at or before {@code now - window}. Every
 * moment inside the window is restored from the base or a later snapshot plus later segments, so
 * snapshots older than the base and segments that end at or before the base's txid are deleted.
 * Everything else stays: the base itself (even when it is far older than the window: it may be
 * the only way to the current state), every later snapshot, every segment reaching past the
 * base, and {@code meta.json}. Without a base (no snapshot that old) nothing is deleted.
 *
 * <p>One LIST of the object's prefix and one multi-delete per sweep; run it on a slow schedule,
 * never on a request path.
 */
public final class Retention {

    public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

    private final ObjectStore store;
    private final ObjectLayout layout;
    private final Duration window;
    private final Clock clock;

    public Retention(ObjectStore store, ObjectLayout layout, Duration window, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.window = Objects.requireNonNull(window, "window");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("retention window must be positive, was " + window);
        }
    }

    public Duration window() {
        return window;
    }

    /** Applies the rule to one object and returns what was deleted. */
    public RetentionResult sweep(ObjectId id) {
        long cutoff = clock.millis() - window.toMillis();
        List<StoredObject> listing = store.list(layout.objectPrefix(id));
        List<Stored<SnapshotRef>> snapshots = new ArrayList<>();
        List<Stored<SegmentRef>> segments = new ArrayList<>();
        for (StoredObject o : listing) {
            ObjectLayout.parseSnapshot(o.key()).ifPresent(s -> snapshots.add(new Stored<>(s, o.size())));
            ObjectLayout.parseSegment(o.key()).ifPresent(s -> segments.add(new Stored<>(s, o.size())));
        }
        Optional<SnapshotRef> base = snapshots.stream().map(Stored::ref)
                .filter(s -> s.timeMillis() <= cutoff)
                .max(Comparator.comparingLong(SnapshotRef::txid).thenComparingLong(SnapshotRef::timeMillis));
        if (base.isEmpty()) {
            return new RetentionResult(id, base, List.of(), List.of(), 0);
        }
        long baseTxid = base.get().txid();
        List<String> oldSnapshots = new ArrayList<>();
        List<String> oldSegments = new ArrayList<>();
        long bytes = 0;
        for (Stored<SnapshotRef> s : snapshots) {
            if (s.ref().txid() < baseTxid) {
                oldSnapshots.add(s.ref().key());
                bytes += s.size();
            }
        }
        for (Stored<SegmentRef> s : segments) {
            // A segment ending at the base's txid holds nothing after it: no restore reads it.
            if (s.ref().lastTxid() <= baseTxid) {
                oldSegments.add(s.ref().key());
                bytes += s.size();
            }
        }
        List<String> doomed = new ArrayList<>(oldSnapshots);
        doomed.addAll(oldSegments);
        store.delete(doomed);
        return new RetentionResult(id, base, oldSnapshots, oldSegments, bytes);
    }

    private record Stored<T>(T ref, long size) {
    }
}
