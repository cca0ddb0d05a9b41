package io.cairn.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestorerTest {

    private static final int LAST = 60;
    private static final int SNAPSHOT2 = 25;

    @TempDir
    Path dir;

    private final List<CommitRecord> records = Records.history(1, LAST, 11);   // txids 1..60, time 1000 + 10 × txid
    private byte[] base;
    private MemoryHistory history;

    /** Segment boundaries: sizes 1..7, one segment spanning the second snapshot (txid 25). */
    private static final int[][] SEGMENTS = {{1, 3}, {4, 4}, {5, 11}, {12, 17}, {18, 23}, {24, 27}, {28, 28},
            {29, 35}, {36, 40}, {41, 47}, {48, 52}, {53, 60}};

    @BeforeEach
    void setUp() throws Exception {
        base = new byte[4 * Records.PAGE];
        new Random(5).nextBytes(base);
        history = new MemoryHistory();
        history.addSnapshot(0, 1000, base);
        history.addSnapshot(SNAPSHOT2, 1000 + 10 * SNAPSHOT2, expectedAt(SNAPSHOT2));
        for (int[] s : SEGMENTS) {
            history.addSegment(records.subList(s[0] - 1, s[1]));
        }
    }

    /** The database at {@code txid}, made by applying the records directly. */
    private byte[] expectedAt(long txid) throws Exception {
        Path f = Files.write(dir.resolve("expected-" + txid), base);
        Images.applyRecords(f, records.subList(0, (int) txid));
        return Files.readAllBytes(f);
    }

    private SegmentRef segment(long first) {
        return history.segments.stream().filter(s -> s.firstTxid() == first).findFirst().orElseThrow();
    }

    @Test
    void restoringToEveryTxidEqualsApplyingTheRecordsDirectly() throws Exception {
        Path out = dir.resolve("restored.db");
        for (long target = 0; target <= LAST; target++) {
            long[] last = {-1, -1};
            RestoreResult r = Restorer.restore(history, target, out, (done, total) -> {
                last[0] = done;
                last[1] = total;
            });
            assertThat(Files.readAllBytes(out)).as("txid %d", target).isEqualTo(expectedAt(target));
            assertThat(r.txid()).isEqualTo(target);
            assertThat(r.commitTimeMillis()).isEqualTo(1000 + 10 * target);
            assertThat(r.snapshotTxid()).isEqualTo(target >= SNAPSHOT2 ? SNAPSHOT2 : 0);
            assertThat(r.bytesRead()).isPositive().isEqualTo(last[0]).isEqualTo(last[1]);
        }
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void aSnapshotNewerThanSomeSegmentsSkipsTheirEarlierRecords() throws Exception {
        RestoreResult r = Restorer.restore(history, 26, dir.resolve("out.db"), RestoreProgress.NONE);
        assertThat(r.snapshotTxid()).isEqualTo(SNAPSHOT2);
        assertThat(r.segmentsApplied()).isEqualTo(1);   // 24..27, of which only 26 is applied
        assertThat(Files.readAllBytes(dir.resolve("out.db"))).isEqualTo(expectedAt(26));
    }

    @Test
    void aMissingSegmentIsAGapNamingTheRangeAndItsNeighbours() throws Exception {
        history.segments.remove(segment(29));
        assertThatThrownBy(() -> Restorer.restore(history, 50, dir.resolve("out.db"), RestoreProgress.NONE))
                .isInstanceOfSatisfying(RestoreGapException.class, e -> {
                    assertThat(e.missingFrom()).isEqualTo(29);
                    assertThat(e.missingTo()).isEqualTo(35);
                    assertThat(e.getMessage()).contains("29..35", segment(28).key(), segment(36).key());
                });
        assertThat(dir.resolve("out.db")).doesNotExist();
        assertThat(Restorer.restore(history, 28, dir.resolve("out.db"), RestoreProgress.NONE).txid()).isEqualTo(28);
    }

    @Test
    void aTargetBeyondTheHistoryIsAGap() {
        assertThatThrownBy(() -> Restorer.restore(history, LAST + 5, dir.resolve("out.db"), RestoreProgress.NONE))
                .isInstanceOfSatisfying(RestoreGapException.class, e -> {
                    assertThat(e.missingFrom()).isEqualTo(LAST + 1);
                    assertThat(e.missingTo()).isEqualTo(LAST + 5);
                });
    }

    @Test
    void noSnapshotAtOrBeforeTheTarget() {
        history.snapshots.removeIf(s -> s.txid() == 0);
        assertThatThrownBy(() -> Restorer.restore(history, 10, dir.resolve("out.db"), RestoreProgress.NONE))
                .isInstanceOf(RestoreGapException.class).hasMessageContaining("no snapshot at or before txid 10");
    }

    @Test
    void aSegmentThatContradictsItsNameIsRefusedWithoutTouchingTheOutput() throws Exception {
        Path out = Files.writeString(dir.resolve("out.db"), "previous content");
        history.segments.remove(segment(29));
        SegmentRef lying = history.addSegment(29, 35, 1290, 1350, Records.encode(records.subList(28, 34)));   // ends at 34
        assertThatThrownBy(() -> Restorer.restore(history, 40, out, RestoreProgress.NONE))
                .isInstanceOf(RestoreGapException.class).hasMessageContaining(lying.key()).hasMessageContaining("ends");
        history.segments.remove(lying);
        SegmentRef shifted = history.addSegment(29, 35, 1290, 1350, Records.encode(records.subList(29, 35)));   // starts at 30
        assertThatThrownBy(() -> Restorer.restore(history, 40, out, RestoreProgress.NONE))
                .isInstanceOf(RestoreGapException.class).hasMessageContaining(shifted.key());
        assertThat(Files.readString(out)).isEqualTo("previous content");
    }

    @Test
    void aCorruptSegmentNamesItsKey() throws Exception {
        SegmentRef s = segment(36);
        history.blobs.get(s.key())[700] ^= 1;
        assertThatThrownBy(() -> Restorer.restore(history, 45, dir.resolve("out.db"), RestoreProgress.NONE))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining(s.key());
        assertThat(dir.resolve("out.db")).doesNotExist();
    }

    @Test
    void overlappingSegmentsFromTwoOwnersRestoreTheSameState() throws Exception {
        byte[] expected = restoredBytes(40, "plain.db");
        history.addSegment(records.subList(28, 35));   // 29..35 again (a re-upload)
        history.addSegment(records.subList(32, 37));   // 33..37 overlaps (a dead owner's late upload)
        history.addSegment(records.subList(30, 45));   // 31..45 reaches furthest
        assertThat(restoredBytes(40, "overlap.db")).isEqualTo(expected);
        assertThat(Restorer.restore(history, 44, dir.resolve("far.db"), RestoreProgress.NONE).txid()).isEqualTo(44);
    }

    private byte[] restoredBytes(long txid, String name) throws Exception {
        Restorer.restore(history, txid, dir.resolve(name), RestoreProgress.NONE);
        return java.nio.file.Files.readAllBytes(dir.resolve(name));
    }

    @Test
    void txidAtPicksTheLastCommitAtOrBeforeTheTime() throws Exception {
        assertThat(Restorer.txidAt(history, 999)).isEmpty();
        assertThat(Restorer.txidAt(history, 1000)).isEqualTo(OptionalLong.of(0));   // the first snapshot
        assertThat(Restorer.txidAt(history, 1009)).isEqualTo(OptionalLong.of(0));
        List<Long> checked = new ArrayList<>();
        for (long txid = 1; txid <= LAST; txid++) {
            long time = 1000 + 10 * txid;
            history.segmentOpens = 0;
            assertThat(Restorer.txidAt(history, time)).as("exactly at %d", txid).isEqualTo(OptionalLong.of(txid));
            assertThat(Restorer.txidAt(history, time + 9)).as("just after %d", txid).isEqualTo(OptionalLong.of(txid));
            assertThat(Restorer.txidAt(history, time - 1)).as("just before %d", txid).isEqualTo(OptionalLong.of(txid - 1));
            assertThat(history.segmentOpens).as("segments read for txid %d", txid).isLessThanOrEqualTo(3);
            checked.add(txid);
        }
        history.segmentOpens = 0;
        assertThat(Restorer.txidAt(history, 1000 + 10 * 32 + 5)).isEqualTo(OptionalLong.of(32));
        assertThat(history.segmentOpens).isEqualTo(1);
        assertThat(Restorer.txidAt(history, Long.MAX_VALUE)).isEqualTo(OptionalLong.of(LAST));
        assertThat(checked).hasSize(LAST);
    }

    @Test
    void latestTxidIsTheHighestStored() throws Exception {
        assertThat(Restorer.latestTxid(history)).isEqualTo(OptionalLong.of(LAST));
        assertThat(Restorer.latestTxid(new MemoryHistory())).isEmpty();
        assertThat(Restorer.txidAt(new MemoryHistory(), 5)).isEmpty();
    }
}
