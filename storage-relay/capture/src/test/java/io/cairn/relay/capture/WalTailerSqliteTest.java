package io.cairn.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** WalTailer against real SQLite WAL files written by a live connection. */
class WalTailerSqliteTest {

    @TempDir
    Path dir;

    private final Random random = new Random(42);

    private byte[] blob(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    /** Creates the schema, then checkpoints and copies the file: the copy is the capture's starting point. */
    private Path start(LiveDb db) throws Exception {
        db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)");
        db.checkpoint("TRUNCATE");
        return Images.copy(db.file, dir.resolve("copy.db"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1024, 4096, 65536})
    void everyCommitIsCapturedAndReproducesTheDatabase(int pageSize) throws Exception {
        try (LiveDb db = LiveDb.create(dir.resolve("live.db"), pageSize)) {
            Path copy = start(db);
            WalTailer tailer = new WalTailer(db.wal(), null);
            int commits = 0;
            for (int i = 0; i < 30; i++) {
                db.exec("INSERT INTO t(v) VALUES (?)", blob(100));
                commits++;
            }
            db.tx(d -> {   // many pages in one transaction, and the database grows
                for (int i = 0; i < 300; i++) {
                    d.exec("INSERT INTO t(v) VALUES (?)", blob(900));
                }
            });
            commits++;
            db.exec("UPDATE t SET v = ? WHERE id % 7 = 0", blob(50));
            commits++;
            List<WalTransaction> txs = tailer.poll();
            assertThat(txs).hasSize(commits);
            assertThat(txs).allSatisfy(t -> assertThat(t.pageSize()).isEqualTo(pageSize));
            assertThat(txs.get(30).pages().size()).isGreaterThan(5);
            assertThat(txs.get(30).dbSizePages()).isGreaterThan(txs.get(29).dbSizePages());
            assertThat(tailer.poll()).isEmpty();
            assertThat(tailer.position().offset()).isEqualTo(Files.size(db.wal()));
            Images.apply(copy, txs);
            Images.assertSameDatabase(db, copy);
        }
    }

    @Test
    void pagesWrittenSeveralTimesInOneTransactionAreCapturedOnceWithTheirLastContent() throws Exception {
        try (LiveDb db = LiveDb.create(dir.resolve("live.db"), 1024)) {
            Path copy = start(db);
            // A tiny page cache makes SQLite spill dirty pages into the WAL mid-transaction, rewrite some of those
            // frames in place and re-checksum them at commit: the hardest case for the chain.
            db.exec("PRAGMA cache_size=8");
            WalTailer tailer = new WalTailer(db.wal(), null);
            db.tx(d -> {
                for (int round = 0; round < 5; round++) {
                    for (int i = 1; i <= 200; i++) {
                        d.exec("INSERT OR REPLACE INTO t(id, v) VALUES (?, ?)", i, blob(300 + round));
                    }
                }
            });
            List<WalTransaction> txs = tailer.poll();
            assertThat(txs).hasSize(1);
            WalTransaction t = txs.getFirst();
            long frames = (t.end().offset() - 32) / (24 + 1024);
            assertThat(t.pages()).extracting(PageImage::pageNumber).doesNotHaveDuplicates().isSorted();
            assertThat(frames).as("frames in the WAL (some page was written twice)").isGreaterThan(t.pages().size());
            Images.apply(copy, txs);
            Images.assertSameDatabase(db, copy);
        }
    }

    @Test
    void shrinkAfterDeleteAndVacuumTruncatesTheCopy() throws Exception {
        try (LiveDb db = LiveDb.create(dir.resolve("live.db"), 4096)) {
            Path copy = start(db);
            WalTailer tailer = new WalTailer(db.wal(), null);
            db.tx(d -> {
                for (int i = 0; i < 500; i++) {
                    d.exec("INSERT INTO t(v) VALUES (?)", blob(2000));
                }
            });
            List<WalTransaction> grown = tailer.poll();
            db.exec("DELETE FROM t WHERE id > 20");
            db.exec("VACUUM");
            List<WalTransaction> shrunk = tailer.poll();
            assertThat(shrunk).hasSize(2);
            assertThat(shrunk.getLast().dbSizePages()).isLessThan(grown.getLast().dbSizePages() / 10);
            Images.apply(copy, grown);
            Images.apply(copy, shrunk);
            Images.assertSameDatabase(db, copy);
            assertThat(Files.size(copy)).isEqualTo(4096L * shrunk.getLast().dbSizePages());
        }
    }

    @Test
    void truncateCheckpointStartsANewGenerationAndLosesNothing() throws Exception {
        try (LiveDb db = LiveDb.create(dir.resolve("live.db"), 4096)) {
            Path copy = start(db);
            WalTailer tailer = new WalTailer(db.wal(), null);
            List<WalTransaction> all = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (int i = 0; i < 20; i++) {
                    db.exec("INSERT INTO t(v) VALUES (?)", blob(500));
                }
                List<WalTransaction> txs = tailer.poll();
                assertThat(txs).hasSize(20);
                assertThat(tailer.wasRestarted()).isEqualTo(round > 0);
                all.addAll(txs);
                WalPosition before = tailer.position();
                db.checkpoint("TRUNCATE");
                assertThat(Files.size(db.wal())).isZero();
                assertThat(tailer.poll()).isEmpty();
                assertThat(tailer.position()).isEqualTo(before);
            }
            Images.apply(copy, all);
            Images.assertSameDatabase(db, copy);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"PASSIVE", "RESTART", "FULL"})
    void checkpointsThatLetSqliteRewriteTheWalFromTheStartAreFollowed(String mode) throws Exception {
        try (LiveDb db = LiveDb.create(dir.resolve("live.db"), 4096)) {
            Path copy = start(db);
            WalTailer tailer = new WalTailer(db.wal(), null);
            List<WalTransaction> all = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                db.exec("INSERT INTO t(v) VALUES (?)", blob(800));
            }
            all.addAll(tailer.poll());
            WalPosition first = tailer.position();
            long walSize = Files.size(db.wal());
            db.checkpoint(mode);
            db.exec("INSERT INTO t(v) VALUES (?)", blob(800));   // the writer restarts the WAL at offset 32
            db.exec("UPDATE t SET v = ? WHERE id = 3", blob(10));
            assertThat(Files.size(db.wal())).as("old frames are still in the file").isEqualTo(walSize);
            List<WalTransaction> txs = tailer.poll();
            assertThat(tailer.wasRestarted()).isTrue();
            assertThat(txs).hasSize(2);
            assertThat(tailer.position().salt1()).isEqualTo((first.salt1() + 1) & 0xFFFF_FFFFL);
            assertThat(tailer.position().offset()).isLessThan(first.offset());
            all.addAll(txs);
            Images.apply(copy, all);
            Images.assertSameDatabase(db, copy);
        }
    }

    @Test
    void framesSpilledByARolledBackTransactionAreNeverReturned() throws Exception {
        try (LiveDb db = LiveDb.create(dir.resolve("live.db"), 1024)) {
            Path copy = start(db);
            db.exec("PRAGMA cache_size=8");
            WalTailer tailer = new WalTailer(db.wal(), null);
            db.exec("INSERT INTO t(v) VALUES (?)", blob(100));
            List<WalTransaction> all = new ArrayList<>(tailer.poll());
            long committedEnd = Files.size(db.wal());
            db.conn.setAutoCommit(false);
            for (int i = 0; i < 300; i++) {
                db.exec("INSERT INTO t(v) VALUES (?)", blob(500));
            }
            assertThat(Files.size(db.wal())).as("the transaction spilled into the WAL").isGreaterThan(committedEnd);
            assertThat(tailer.poll()).isEmpty();
            db.conn.rollback();
            db.conn.setAutoCommit(true);
            db.exec("INSERT INTO t(v) VALUES (?)", blob(100));   // overwrites the start of the spilled frames
            List<WalTransaction> txs = tailer.poll();
            assertThat(txs).hasSize(1);
            assertThat(tailer.position().offset()).isLessThan(Files.size(db.wal()));
            all.addAll(txs);
            Images.apply(copy, all);
            Images.assertSameDatabase(db, copy);
        }
    }

    @Test
    void aWalDeletedAndRecreatedByReopeningTheDatabaseIsFollowed() throws Exception {
        Path file = dir.resolve("live.db");
        Path copy;
        List<WalTransaction> all = new ArrayList<>();
        WalTailer tailer;
        try (LiveDb db = LiveDb.create(file, 4096)) {
            copy = start(db);
            tailer = new WalTailer(db.wal(), null);
            db.exec("INSERT INTO t(v) VALUES (?)", blob(100));
            all.addAll(tailer.poll());
        }   // the last connection checkpoints and deletes the WAL
        assertThat(tailer.poll()).isEmpty();
        try (LiveDb db = LiveDb.create(file, 4096)) {
            db.exec("INSERT INTO t(v) VALUES (?)", blob(100));
            db.exec("INSERT INTO t(v) VALUES (?)", blob(100));
            List<WalTransaction> txs = tailer.poll();
            assertThat(tailer.wasRestarted()).isTrue();
            assertThat(txs).hasSize(2);
            all.addAll(txs);
            Images.apply(copy, all);
            Images.assertSameDatabase(db, copy);
        }
        tailer.close();
    }

    @Test
    void aNewTailerResumesFromAPositionWithoutDuplicates() throws Exception {
        try (LiveDb db = LiveDb.create(dir.resolve("live.db"), 4096)) {
            Path copy = start(db);
            List<WalTransaction> all = new ArrayList<>();
            WalPosition pos;
            try (WalTailer first = new WalTailer(db.wal(), null)) {
                for (int i = 0; i < 10; i++) {
                    db.exec("INSERT INTO t(v) VALUES (?)", blob(700));
                }
                all.addAll(first.poll());
                pos = first.position();
            }
            for (int i = 0; i < 5; i++) {
                db.exec("INSERT INTO t(v) VALUES (?)", blob(700));
            }
            WalTailer second = new WalTailer(db.wal(), pos);
            List<WalTransaction> rest = second.poll();
            assertThat(rest).hasSize(5);
            assertThat(second.wasRestarted()).isFalse();
            all.addAll(rest);
            Images.apply(copy, all);
            Images.assertSameDatabase(db, copy);
        }
    }

    @Test
    void resumingWhereTheChainCannotBeContinuedThrows() throws Exception {
        try (LiveDb db = LiveDb.create(dir.resolve("live.db"), 4096)) {
            start(db);
            WalTailer tailer = new WalTailer(db.wal(), null);
            for (int i = 0; i < 6; i++) {
                db.exec("INSERT INTO t(v) VALUES (?)", blob(700));
            }
            tailer.poll();
            WalPosition pos = tailer.position();
            // Work on a copy of the WAL: the live one is SQLite's.
            Path wal = Files.copy(db.wal(), dir.resolve("copied-wal"));
            flipByte(wal, 32 + 24 + 100);   // inside the first frame's page, before the position
            assertThatThrownBy(() -> new WalTailer(wal, pos).poll())
                    .isInstanceOf(WalCorruptException.class)
                    .hasMessageContaining(wal.toString())
                    .hasMessageContaining("offset " + pos.offset())
                    .satisfies(e -> assertThat(((WalCorruptException) e).offset()).isEqualTo(pos.offset()));
            WalPosition misaligned = new WalPosition(pos.salt1(), pos.salt2(), pos.offset() - 100);
            assertThatThrownBy(() -> new WalTailer(db.wal(), misaligned).poll())
                    .isInstanceOf(WalCorruptException.class).hasMessageContaining("frame boundary");
        }
    }

    @Test
    void missingOrEmptyWalYieldsNothing() throws Exception {
        WalTailer tailer = new WalTailer(dir.resolve("nothing-wal"), null);
        assertThat(tailer.poll()).isEmpty();
        assertThat(tailer.position()).isEqualTo(WalPosition.NONE);
        Files.createFile(dir.resolve("nothing-wal"));
        assertThat(tailer.poll()).isEmpty();
        assertThat(tailer.wasRestarted()).isFalse();
    }

    static void flipByte(Path file, long offset) throws Exception {
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ 0x5a)).rewind();
            ch.write(b, offset);
        }
    }
}
