package io.cairn.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpoolTest {

    @TempDir
    Path dir;

    private final List<CommitRecord> history = Records.history(0, 60, 7);

    private void append(Spool s, long from, long to) throws Exception {
        for (long t = from; t <= to; t++) {
            s.append(history.get((int) t));
        }
    }

    private static Path activeFile(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith("active-")).findFirst().orElseThrow();
        }
    }

    @Test
    void appendSealShip() throws Exception {
        try (Spool s = Spool.open(dir)) {
            assertThat(s.lastTxid()).isEqualTo(-1);
            assertThat(s.lastShippedTxid()).isEqualTo(-1);
            assertThat(s.lastWalPosition()).isEmpty();
            assertThat(s.seal()).isEmpty();
            append(s, 0, 9);
            assertThat(s.pendingBytes()).isEqualTo(history.subList(0, 10).stream().mapToLong(CommitRecord::encodedBytes).sum());
            assertThat(s.firstPendingTimeMillis()).isEqualTo(OptionalLong.of(history.get(0).commitTimeMillis()));
            SealedBatch b1 = s.seal().orElseThrow();
            assertThat(b1.firstTxid()).isZero();
            assertThat(b1.lastTxid()).isEqualTo(9);
            assertThat(b1.firstTimeMillis()).isEqualTo(history.get(0).commitTimeMillis());
            assertThat(b1.lastTimeMillis()).isEqualTo(history.get(9).commitTimeMillis());
            assertThat(b1.bytes()).isEqualTo(Files.size(b1.file()));
            assertThat(s.pendingBytes()).isZero();
            assertThat(s.firstPendingTimeMillis()).isEmpty();
            assertThat(s.readSealed(b1)).isEqualTo(history.subList(0, 10));
            append(s, 10, 14);
            SealedBatch b2 = s.seal().orElseThrow();
            assertThat(s.sealed()).containsExactly(b1, b2);
            s.shipped(b1);
            assertThat(s.lastShippedTxid()).isEqualTo(9);
            assertThat(b1.file()).doesNotExist();
            assertThat(s.sealed()).containsExactly(b2);
            assertThat(s.lastTxid()).isEqualTo(14);
            assertThat(s.lastWalPosition()).contains(history.get(14).walEnd());
            assertThat(s.lastCommitTimeMillis()).isEqualTo(history.get(14).commitTimeMillis());
            assertThatThrownBy(() -> s.shipped(b1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void txidsMustFollowOnAndAFreshSpoolAcceptsAnyFirstTxid() throws Exception {
        try (Spool s = Spool.open(dir)) {
            s.append(history.get(5));
            assertThatThrownBy(() -> s.append(history.get(7))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("expected txid 6");
            assertThatThrownBy(() -> s.append(history.get(5))).isInstanceOf(IllegalStateException.class);
            s.append(history.get(6));
            assertThat(s.lastTxid()).isEqualTo(6);
        }
    }

    @Test
    void recoveryCutsATornRecordAndKeepsEveryCompleteOne() throws Exception {
        try (Spool s = Spool.open(dir)) {
            append(s, 0, 9);
            s.sync();
            append(s, 10, 12);   // "crash": closed without sync
        }
        Path active = activeFile(dir);
        long withoutLast = Files.size(active) - history.get(12).encodedBytes();
        try (FileChannel ch = FileChannel.open(active, StandardOpenOption.WRITE)) {
            ch.truncate(withoutLast + 100);   // record 12 torn in the middle
        }
        try (Spool s = Spool.open(dir)) {
            assertThat(s.lastTxid()).isEqualTo(11);
            assertThat(s.lastWalPosition()).contains(history.get(11).walEnd());
            assertThat(Files.size(active)).isEqualTo(withoutLast);
            append(s, 12, 13);
            assertThat(s.readSealed(s.seal().orElseThrow())).isEqualTo(history.subList(0, 14));
        }
    }

    @Test
    void recoveryDropsGarbageAfterTheLastRecord() throws Exception {
        try (Spool s = Spool.open(dir)) {
            append(s, 0, 4);
        }
        Path active = activeFile(dir);
        long good = Files.size(active);
        Files.write(active, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18},
                StandardOpenOption.APPEND);
        try (Spool s = Spool.open(dir)) {
            assertThat(s.lastTxid()).isEqualTo(4);
            assertThat(s.pendingBytes()).isEqualTo(good);
            assertThat(Files.size(active)).isEqualTo(good);
        }
    }

    @Test
    void sealedBatchesAndTheCursorSurviveARestart() throws Exception {
        SealedBatch unshipped;
        try (Spool s = Spool.open(dir)) {
            append(s, 0, 4);
            s.shipped(s.seal().orElseThrow());
            append(s, 5, 9);
            unshipped = s.seal().orElseThrow();
            append(s, 10, 11);
        }
        try (Spool s = Spool.open(dir)) {
            assertThat(s.lastShippedTxid()).isEqualTo(4);
            assertThat(s.sealed()).containsExactly(unshipped);
            assertThat(s.lastTxid()).isEqualTo(11);
            assertThat(s.firstPendingTimeMillis()).isEqualTo(OptionalLong.of(history.get(10).commitTimeMillis()));
            assertThat(s.readSealed(unshipped)).isEqualTo(history.subList(5, 10));
        }
    }

    @Test
    void whenEverythingWasShippedTheCursorStillKnowsWhereCaptureStands() throws Exception {
        try (Spool s = Spool.open(dir)) {
            append(s, 0, 4);
            s.shipped(s.seal().orElseThrow());
        }
        try (Spool s = Spool.open(dir)) {
            assertThat(s.lastTxid()).isEqualTo(4);
            assertThat(s.lastShippedTxid()).isEqualTo(4);
            assertThat(s.lastWalPosition()).contains(history.get(4).walEnd());
            assertThat(s.lastCommitTimeMillis()).isEqualTo(history.get(4).commitTimeMillis());
            assertThat(s.sealed()).isEmpty();
            assertThatThrownBy(() -> s.append(history.get(6))).isInstanceOf(IllegalStateException.class);
            s.append(history.get(5));
        }
    }

    @Test
    void aBatchShippedButNotDeletedBeforeACrashIsDroppedAtOpen() throws Exception {
        Path saved = dir.resolve("saved");
        try (Spool s = Spool.open(dir)) {
            append(s, 0, 4);
            SealedBatch b = s.seal().orElseThrow();
            Files.copy(b.file(), saved);
            s.shipped(b);
            Files.move(saved, b.file());   // as if the process died between cursor write and delete
        }
        try (Spool s = Spool.open(dir)) {
            assertThat(s.sealed()).isEmpty();
            assertThat(s.lastShippedTxid()).isEqualTo(4);
        }
    }

    @Test
    void outOfOrderShippingAdvancesTheShippedTxidOnlyOverAContiguousPrefix() throws Exception {
        try (Spool s = Spool.open(dir)) {
            append(s, 0, 2);
            SealedBatch b1 = s.seal().orElseThrow();
            append(s, 3, 5);
            SealedBatch b2 = s.seal().orElseThrow();
            append(s, 6, 8);
            SealedBatch b3 = s.seal().orElseThrow();
            s.shipped(b2);
            assertThat(s.lastShippedTxid()).isEqualTo(-1);
            s.shipped(b1);
            assertThat(s.lastShippedTxid()).isEqualTo(5);
            s.shipped(b3);
            assertThat(s.lastShippedTxid()).isEqualTo(8);
        }
        try (Spool s = Spool.open(dir)) {
            assertThat(s.lastShippedTxid()).isEqualTo(8);
            assertThat(s.lastTxid()).isEqualTo(8);
        }
    }

    @Test
    void resetToDropsEverythingDurably() throws Exception {
        WalPosition pos = new WalPosition(11, 22, 32);
        Path oldBatch;
        try (Spool s = Spool.open(dir)) {
            append(s, 0, 4);
            oldBatch = s.seal().orElseThrow().file();
            Files.copy(oldBatch, dir.resolve("keep"));
            append(s, 5, 6);
            s.resetTo(100, 5555, pos);
            assertThat(s.sealed()).isEmpty();
            assertThat(s.pendingBytes()).isZero();
            assertThat(s.lastTxid()).isEqualTo(100);
            assertThat(s.lastShippedTxid()).isEqualTo(100);
            assertThat(s.lastWalPosition()).contains(pos);
            assertThat(s.lastCommitTimeMillis()).isEqualTo(5555);
            assertThatThrownBy(() -> s.append(history.get(7))).isInstanceOf(IllegalStateException.class);
            s.append(Records.record(101, 6000, 3, 1));
        }
        Files.move(dir.resolve("keep"), oldBatch);   // a file of the old epoch that a crash left behind
        try (Spool s = Spool.open(dir)) {
            assertThat(oldBatch).doesNotExist();
            assertThat(s.sealed()).isEmpty();
            assertThat(s.lastTxid()).isEqualTo(101);
            assertThat(s.lastShippedTxid()).isEqualTo(100);
        }
    }

    @Test
    void markCheckpointRefusesAPositionTheSpoolDoesNotHold() throws Exception {
        try (Spool s = Spool.open(dir)) {
            s.markCheckpoint(WalPosition.NONE);
            assertThatThrownBy(() -> s.markCheckpoint(history.get(1).walEnd())).isInstanceOf(IllegalStateException.class);
            append(s, 0, 3);
            s.markCheckpoint(history.get(3).walEnd());
            assertThatThrownBy(() -> s.markCheckpoint(history.get(2).walEnd()))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("append every polled transaction");
            s.markCheckpoint(new WalPosition(99, 98, 32));   // a restarted, still empty generation
        }
    }

    @Test
    void aDamagedSealedBatchIsQuarantined() throws Exception {
        SealedBatch b1;
        SealedBatch b2;
        try (Spool s = Spool.open(dir)) {
            append(s, 0, 4);
            b1 = s.seal().orElseThrow();
            append(s, 5, 9);
            b2 = s.seal().orElseThrow();
        }
        WalTailerSqliteTest.flipByte(b1.file(), 300);
        try (Spool s = Spool.open(dir)) {
            assertThat(s.sealed()).containsExactly(b2);
            assertThat(s.quarantined()).singleElement()
                    .satisfies(p -> assertThat(p.getFileName().toString()).endsWith(".corrupt"));
            assertThat(s.lastTxid()).isEqualTo(9);
        }
    }

    @Test
    void shippersAndTheObjectThreadCanWorkConcurrently() throws Exception {
        List<CommitRecord> many = Records.history(0, 3000, 3);
        List<CommitRecord> shipped = new ArrayList<>();
        AtomicBoolean done = new AtomicBoolean();
        try (Spool s = Spool.open(dir)) {
            Thread shipper = Thread.ofPlatform().start(() -> {
                try {
                    while (!done.get() || !s.sealed().isEmpty() || s.pendingBytes() > 0) {
                        s.seal();
                        for (SealedBatch b : s.sealed()) {
                            shipped.addAll(s.readSealed(b));
                            s.shipped(b);
                        }
                    }
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            for (CommitRecord r : many) {
                s.append(r);
                if (r.txid() % 100 == 0) {
                    s.sync();
                }
            }
            done.set(true);
            shipper.join();
            assertThat(shipped).isEqualTo(many);
            assertThat(s.lastShippedTxid()).isEqualTo(3000);
        }
    }

    @Test
    void aClosedSpoolRefusesWork() throws Exception {
        Spool s = Spool.open(dir);
        s.close();
        assertThatThrownBy(() -> s.append(history.get(0))).isInstanceOf(IllegalStateException.class);
        assertThat(Optional.of(s.directory())).contains(dir);
    }
}
