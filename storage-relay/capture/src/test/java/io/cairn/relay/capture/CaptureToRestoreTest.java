package io.cairn.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole capture path as the orchestrator runs it: commit, poll, number, spool, checkpoint only after
 * sync + markCheckpoint, seal and "upload" into a History, plus a process crash that tears the spool's
 * unsynced tail. Restoring any txid must give the database as it was at that commit.
 */
class CaptureToRestoreTest {

    private static final String FINGERPRINT = "SELECT count(*) || ':' || coalesce(sum(id), 0) || ':' "
            + "|| coalesce(sum(length(v)), 0) || ':' || coalesce((SELECT group_concat(h) FROM "
            + "(SELECT hex(substr(v, 1, 6)) h FROM t ORDER BY id)), '') FROM t";

    @TempDir
    Path dir;

    private final Random random = new Random(9);
    private final MemoryHistory history = new MemoryHistory();
    private final Map<Long, String> fingerprints = new TreeMap<>();
    private LiveDb live;
    private Spool spool;
    private WalTailer tailer;
    private long clock = 1_000_000;

    private byte[] blob() {
        byte[] b = new byte[20 + random.nextInt(random.nextInt(10) == 0 ? 6000 : 400)];
        random.nextBytes(b);
        return b;
    }

    @Test
    void everyCapturedTxidRestoresToTheDatabaseAsItWasThen() throws Exception {
        Path spoolDir = dir.resolve("spool");
        try (LiveDb db = LiveDb.create(dir.resolve("live.db"), 4096)) {
            live = db;
            db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)");
            db.checkpoint("TRUNCATE");
            spool = Spool.open(spoolDir);
            tailer = new WalTailer(db.wal(), null);
            history.addSnapshot(0, clock, Files.readAllBytes(db.file));
            spool.resetTo(0, clock, WalPosition.NONE);
            fingerprints.put(0L, fingerprint(db.conn));
            int checkpoints = 0;
            for (int i = 0; i < 1500; i++) {
                write(i);
                capture();
                if (i % 97 == 96) {
                    ship();
                }
                if (Files.size(db.wal()) > 256 * 1024) {
                    spool.sync();
                    spool.markCheckpoint(tailer.position());
                    db.checkpoint(checkpoints++ % 2 == 0 ? "TRUNCATE" : "PASSIVE");
                }
                if (i == 700) {
                    // A snapshot as the orchestrator takes one: the file after a full checkpoint is the state at lastTxid.
                    spool.sync();
                    spool.markCheckpoint(tailer.position());
                    db.checkpoint("TRUNCATE");
                    history.addSnapshot(spool.lastTxid(), spool.lastCommitTimeMillis(), Files.readAllBytes(db.file));
                }
                if (i == 1100) {
                    crashAndRecover(spoolDir);
                }
            }
            ship();
            assertThat(checkpoints).isGreaterThan(2);
            long last = spool.lastTxid();
            assertThat(spool.lastShippedTxid()).isEqualTo(last);
            for (Map.Entry<Long, String> e : fingerprints.entrySet()) {
                Path out = dir.resolve("restored.db");
                RestoreResult r = Restorer.restore(history, e.getKey(), out, RestoreProgress.NONE);
                assertThat(r.txid()).isEqualTo(e.getKey());
                assertThat(Images.integrityCheck(out)).isEqualTo("ok");
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + out + "?mode=ro&immutable=1")) {
                    assertThat(fingerprint(c)).as("txid %d", e.getKey()).isEqualTo(e.getValue());
                }
            }
            Path finalCopy = dir.resolve("final.db");
            Restorer.restore(history, last, finalCopy, RestoreProgress.NONE);
            Images.assertSameDatabase(db, finalCopy);
            spool.close();
        }
    }

    private void write(int i) throws SQLException {
        switch (random.nextInt(10)) {
            case 0, 1 -> live.tx(d -> {
                for (int k = 0; k < 1 + random.nextInt(40); k++) {
                    d.exec("INSERT INTO t(v) VALUES (?)", blob());
                }
            });
            case 2 -> live.exec("UPDATE t SET v = ? WHERE id % 13 = ?", blob(), i % 13);
            case 3 -> live.exec("DELETE FROM t WHERE id % 17 = ?", i % 17);
            default -> live.exec("INSERT INTO t(v) VALUES (?)", blob());
        }
        if (i % 500 == 499) {
            live.exec("VACUUM");   // rewrites and shrinks the file
        }
    }

    private void capture() throws Exception {
        for (WalTransaction t : tailer.poll()) {
            spool.append(CommitRecord.of(spool.lastTxid() + 1, ++clock, t));
        }
        if (spool.lastTxid() % 25 == 0) {
            fingerprints.put(spool.lastTxid(), fingerprint(live.conn));
        }
    }

    private void ship() throws Exception {
        spool.seal();
        for (SealedBatch b : spool.sealed()) {
            history.addSegment(spool.readSealed(b));
            spool.shipped(b);
        }
    }

    /**
     * The process dies with the last record only partly on disk (it was never synced); the new process resumes
     * from the spool, and the lost commit, still in the WAL, is captured again under the same txid.
     */
    private void crashAndRecover(Path spoolDir) throws Exception {
        live.exec("INSERT INTO t(v) VALUES (?)", blob());
        capture();
        long lost = spool.lastTxid();
        spool.close();
        tailer.close();
        Path active;
        try (var files = Files.list(spoolDir)) {
            active = files.filter(p -> p.getFileName().toString().startsWith("active-")).findFirst().orElseThrow();
        }
        try (FileChannel ch = FileChannel.open(active, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 100);
        }
        spool = Spool.open(spoolDir);
        assertThat(spool.lastTxid()).isEqualTo(lost - 1);
        tailer = new WalTailer(live.wal(), spool.lastWalPosition().orElseThrow());
        capture();
        assertThat(spool.lastTxid()).isEqualTo(lost);
    }

    private static String fingerprint(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(FINGERPRINT)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
