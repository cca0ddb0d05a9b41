package io.cairn.relay.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.relay.capture.CommitRecord;
import io.cairn.relay.capture.PageImage;
import io.cairn.relay.capture.WalPosition;
import io.cairn.relay.capture.WalTailer;
import io.cairn.relay.capture.WalTransaction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commits captured from a live SQLite WAL, replicated to five replicas: every copy equals the source. */
class AppliedCopyTest {

    static final int PAGE = 4096;
    static final String KEY = "tenants/acme";

    @TempDir
    Path dir;

    final Random random = new Random(7);

    @Test
    void everyReplicasDatabaseCopyEqualsTheSourceByteForByte() throws Exception {
        Path live = dir.resolve("live.db");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + live);
             Cluster cluster = new Cluster(dir, 5)) {
            exec(db, "PRAGMA page_size=" + PAGE);
            exec(db, "PRAGMA journal_mode=WAL");
            exec(db, "PRAGMA wal_autocheckpoint=0");
            exec(db, "PRAGMA synchronous=NORMAL");
            exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)");
            checkpoint(db);
            // txid 0 is the whole database after the checkpoint (what the relay's first snapshot is).
            List<CommitRecord> commits = new ArrayList<>(List.of(image(live)));
            WalTailer tailer = new WalTailer(live.resolveSibling("live.db-wal"), null);

            for (int i = 0; i < 40; i++) {
                insert(db, 200 + random.nextInt(3000));
            }
            db.setAutoCommit(false);   // one transaction of many pages that grows the file
            for (int i = 0; i < 200; i++) {
                insert(db, 1500);
            }
            db.commit();
            db.setAutoCommit(true);
            exec(db, "UPDATE t SET v = zeroblob(10) WHERE id % 3 = 0");
            exec(db, "DELETE FROM t WHERE id > 100");
            exec(db, "VACUUM");   // shrinks the file: replicas must truncate
            for (WalTransaction t : tailer.poll()) {
                commits.add(CommitRecord.of(commits.size(), System.currentTimeMillis(), t));
            }
            assertThat(commits).hasSizeGreaterThan(40);
            long last = commits.getLast().txid();

            QuorumReplicator owner = cluster.owner(KEY, 1, cluster.addresses, 3, CatchUpSource.NONE);
            Cluster.replicateAll(owner, commits);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (int i = 0; i < 5; i++) {
                    if (cluster.view(i, KEY).appliedTxid() != last) {
                        return false;
                    }
                }
                return true;
            });

            checkpoint(db);
            assertThat(Files.size(live)).isEqualTo((long) PAGE * commits.getLast().dbSizePages());
            for (int i = 0; i < 5; i++) {
                Path copy = cluster.view(i, KEY).databaseFile();
                assertThat(Files.mismatch(live, copy)).as("first differing byte of replica " + i).isEqualTo(-1L);
            }
            assertThat(integrityCheck(cluster.view(0, KEY).databaseFile())).isEqualTo("ok");
        }
    }

    private void insert(Connection db, int bytes) throws SQLException {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        try (PreparedStatement ps = db.prepareStatement("INSERT INTO t(v) VALUES (?)")) {
            ps.setBytes(1, b);
            ps.execute();
        }
    }

    private static CommitRecord image(Path file) throws Exception {
        byte[] all = Files.readAllBytes(file);
        List<PageImage> pages = new ArrayList<>();
        for (int p = 0; p < all.length / PAGE; p++) {
            pages.add(new PageImage(p + 1, Arrays.copyOfRange(all, p * PAGE, (p + 1) * PAGE)));
        }
        return new CommitRecord(0, System.currentTimeMillis(), PAGE, pages.size(), pages, WalPosition.NONE);
    }

    private static void exec(Connection db, String sql) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }

    private static void checkpoint(Connection db) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            rs.next();
            assertThat(rs.getInt(1)).as("checkpoint busy").isZero();
        }
    }

    private static String integrityCheck(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro&immutable=1");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
