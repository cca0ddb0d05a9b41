package io.cairn.relay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.ObjectId;
import io.cairn.relay.capture.CommitRecord;
import io.cairn.relay.capture.RestoreGapException;
import io.cairn.relay.capture.Restorer;
import io.cairn.relay.capture.SegmentRef;
import io.cairn.relay.capture.SnapshotRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * Forty days of history for one object, written with the real layout and compression, then swept
 * with a 30-day window: exactly the unneeded keys go, and every moment of the window still
 * restores to the right bytes through {@link S3History} and the capture module's {@link Restorer}.
 */
class RetentionTest extends S3TestSupport {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration HOUR = Duration.ofHours(1);
    private static final int COMMITS_PER_DAY = 4;   // one every 6 hours
    private static final int COMMITS_PER_SEGMENT = 2;

    private final ObjectLayout layout = new ObjectLayout("retention/");

    /** Commit {@code t} happens at T0 + 6h·t. */
    private static long timeOf(long txid) {
        return T0.plus(HOUR.multipliedBy(6 * txid)).toEpochMilli();
    }

    /**
     * 40 days: 160 commits in 2-commit segments, and a snapshot every 7 days (days 0, 7, ..., 35),
     * each taken at the commit it names.
     */
    private List<Long> writeHistory(ObjectId id, int days) {
        int commits = days * COMMITS_PER_DAY;
        for (long first = 1; first < commits; first += COMMITS_PER_SEGMENT) {
            long last = Math.min(first + COMMITS_PER_SEGMENT - 1, commits - 1);
            List<CommitRecord> records = new ArrayList<>();
            for (long t = first; t <= last; t++) {
                records.add(TestRecords.record(t, timeOf(t)));
            }
            store.put(layout.segmentKey(id, first, last, timeOf(first), timeOf(last)),
                    Compression.compress(TestRecords.encode(records)));
        }
        List<Long> snapshotTxids = new ArrayList<>();
        for (int day = 0; day < days; day += 7) {
            long txid = (long) day * COMMITS_PER_DAY;
            store.put(layout.snapshotKey(id, txid, timeOf(txid)), Compression.compress(TestRecords.stateAt(txid)));
            snapshotTxids.add(txid);
        }
        store.put(layout.metaKey(id), ObjectMeta.of(id, TestRecords.PAGE_SIZE, T0).toJson());
        return snapshotTxids;
    }

    @Test
    void sweepKeepsExactlyWhatTheWindowNeedsAndEveryMomentStillRestores() throws Exception {
        ObjectId id = new ObjectId("retained", "forty-days");
        writeHistory(id, 40);
        Instant now = T0.plus(Duration.ofDays(40));
        MutableClock clock = new MutableClock(now);
        long cutoff = now.minus(Duration.ofDays(30)).toEpochMilli();   // day 10

        S3History before = new S3History(store, layout, id);
        List<SegmentRef> segmentsBefore = before.segments();
        List<SnapshotRef> snapshotsBefore = before.snapshots();

        RetentionResult result = new Retention(store, layout, Duration.ofDays(30), clock).sweep(id);

        // The base is the day-7 snapshot (txid 28): the newest at or before day 10.
        assertThat(result.base()).hasValueSatisfying(b -> assertThat(b.txid()).isEqualTo(28));
        assertThat(result.deletedSnapshots()).containsExactly(layout.snapshotKey(id, 0, timeOf(0)));
        List<String> expectedSegments = segmentsBefore.stream().filter(s -> s.lastTxid() <= 28).map(SegmentRef::key).toList();
        assertThat(expectedSegments).hasSize(14);   // 1..2, 3..4, ..., 27..28
        assertThat(result.deletedSegments()).containsExactlyElementsOf(expectedSegments);
        assertThat(result.deletedBytes()).isPositive();

        S3History after = new S3History(store, layout, id);
        assertThat(after.snapshots()).hasSize(snapshotsBefore.size() - 1);
        assertThat(after.segments()).hasSize(segmentsBefore.size() - 14);
        assertThat(after.segments().getFirst().firstTxid()).isEqualTo(29);
        assertThat(store.exists(layout.metaKey(id))).isTrue();

        // Every commit inside the window, and the window's first instant, restores to the right bytes.
        Path out = tempRoot.resolve("restored.db");
        OptionalLong atCutoff = Restorer.txidAt(after, cutoff);
        assertThat(atCutoff).hasValue(40);   // day 10 00:00 is commit 40
        for (long txid = 40; txid < 160; txid++) {
            assertThat(Restorer.txidAt(after, timeOf(txid))).hasValue(txid);
            Restorer.restore(after, txid, out, null);
            assertThat(Files.readAllBytes(out)).as("state at txid %d", txid).isEqualTo(TestRecords.stateAt(txid));
        }
        // What the window no longer promises is indeed gone.
        assertThatThrownBy(() -> Restorer.restore(after, 27, out, null)).isInstanceOf(RestoreGapException.class);

        // A second sweep at the same time finds nothing more to delete.
        assertThat(new Retention(store, layout, Duration.ofDays(30), clock).sweep(id).deletedCount()).isZero();
    }

    @Test
    void keepsEverythingWhileNoSnapshotIsOlderThanTheWindow() {
        ObjectId id = new ObjectId("retained", "young");
        writeHistory(id, 20);
        MutableClock clock = new MutableClock(T0.plus(Duration.ofDays(20)));
        RetentionResult result = new Retention(store, layout, Duration.ofDays(30), clock).sweep(id);
        assertThat(result.base()).isEmpty();
        assertThat(result.deletedCount()).isZero();
        assertThat(store.list(layout.objectPrefix(id))).hasSize(40 + 3 + 1);   // segments, snapshots, meta
    }

    @Test
    void neverDeletesTheNewestSnapshotEvenWhenItIsOlderThanTheWindow() throws Exception {
        ObjectId id = new ObjectId("retained", "idle");
        writeHistory(id, 5);   // one snapshot (day 0), then idle for months
        MutableClock clock = new MutableClock(T0.plus(Duration.ofDays(200)));
        RetentionResult result = new Retention(store, layout, Duration.ofDays(30), clock).sweep(id);
        assertThat(result.base()).hasValueSatisfying(b -> assertThat(b.txid()).isZero());
        assertThat(result.deletedSnapshots()).isEmpty();
        assertThat(result.deletedSegments()).isEmpty();   // all segments reach past txid 0

        S3History history = new S3History(store, layout, id);
        Path out = tempRoot.resolve("idle.db");
        Restorer.restore(history, 19, out, null);
        assertThat(Files.readAllBytes(out)).isEqualTo(TestRecords.stateAt(19));
    }

    @Test
    void rejectsANonPositiveWindow() {
        assertThatThrownBy(() -> new Retention(store, layout, Duration.ZERO, new MutableClock(T0)))
                .hasMessageContaining("window");
    }
}
