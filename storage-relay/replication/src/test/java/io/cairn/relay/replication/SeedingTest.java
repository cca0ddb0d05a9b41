package io.cairn.relay.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.relay.capture.CommitRecord;
import io.cairn.relay.capture.PageImage;
import io.cairn.relay.capture.WalPosition;
import io.cairn.relay.capture.WalTailer;
import io.cairn.relay.capture.WalTransaction;
import io.cairn.relay.replication.ReplicaStatus.State;
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
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A replica-set change adds two empty replicas while the owner's catch-up source only holds recent
 * commits: they are seeded from the owner's database file and then carry the quorum.
 */
class SeedingTest {

    static final int PAGE = 4096;
    static final String KEY = "tenants/globex";
    /** Generous: a 5 MiB commit on a loaded 2-core machine; failures here are about correctness. */
    static final Duration ACK_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    final Random random = new Random(11);
    final List<CommitRecord> commits = new ArrayList<>();

    @Test
    void twoNewReplicasAreSeededFromTheOwnersDatabaseAndEveryCopyEqualsIt() throws Exception {
        Path live = dir.resolve("live.db");
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + live);
             Cluster cluster = new Cluster(dir, 5)) {
            exec(db, "PRAGMA page_size=" + PAGE);
            exec(db, "PRAGMA journal_mode=WAL");
            exec(db, "PRAGMA wal_autocheckpoint=0");
            exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, v BLOB)");
            checkpoint(db);
            commits.add(image(live));
            WalTailer tailer = new WalTailer(live.resolveSibling("live.db-wal"), null);
            db.setAutoCommit(false);   // about 5 MiB: the image needs more than one Install chunk
            for (int i = 0; i < 2500; i++) {
                insert(db, 2000);
            }
            db.commit();
            db.setAutoCommit(true);
            for (int i = 0; i < 20; i++) {
                insert(db, 100 + random.nextInt(3000));
            }
            capture(tailer);
            long n = commits.getLast().txid();

            // Epoch 1 replicates everything to the old set {0, 1, 2}.
            List<ReplicaAddress> oldSet = cluster.addresses.subList(0, 3);
            ElectionResult one = cluster.election().prepare(KEY, 1, oldSet, 2).get(10, TimeUnit.SECONDS);
            QuorumReplicator first = QuorumReplicator.start(cluster.vertx, cluster.client,
                    one.replicatorConfig(oldSet, 2, ACK_TIMEOUT, Cluster.REQUEST_TIMEOUT), CatchUpSource.NONE);
            Cluster.replicateAll(first, commits);
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    first.status().stream().allMatch(s -> s.matchTxid() == n));
            first.close();

            // The owner's database at n, as a consistent copy (what the node's image provider makes).
            checkpoint(db);
            Path atN = dir.resolve("image-" + n + ".db");
            Files.copy(live, atN);
            AtomicInteger snapshots = new AtomicInteger();
            SnapshotSource source = () -> {
                snapshots.incrementAndGet();
                return Optional.of(DatabaseSnapshot.ofFile(atN, n, PAGE, false));
            };
            List<CommitRecord> recent = new ArrayList<>();   // the spool only holds commits after n
            CatchUpSource spool = (from, to, max) -> {
                synchronized (recent) {
                    return recent.stream().filter(c -> c.txid() >= from && c.txid() <= to).toList();
                }
            };

            // The set grows to five (3 and 4 are empty); then two old members fail: every quorum of three
            // now needs both new replicas.
            ElectionResult won = cluster.election().prepare(KEY, 2, cluster.addresses, 3).get(10, TimeUnit.SECONDS);
            assertThat(won.base()).isEqualTo(new Position(1, n));
            cluster.stop(1);
            cluster.stop(2);
            QuorumReplicator owner = QuorumReplicator.start(cluster.vertx, cluster.client,
                    won.replicatorConfig(cluster.addresses, 3, ACK_TIMEOUT, Cluster.REQUEST_TIMEOUT),
                    spool, source);
            owner.awaitQuorum(n).get(20, TimeUnit.SECONDS);

            for (int i = 0; i < 30; i++) {
                insert(db, 100 + random.nextInt(2000));
            }
            exec(db, "DELETE FROM t WHERE id % 5 = 0");
            int before = commits.size();
            capture(tailer);
            List<CommitRecord> later = commits.subList(before, commits.size());
            synchronized (recent) {
                recent.addAll(later);
            }
            Cluster.replicateAll(owner, later);   // acknowledged by 0, 3 and 4
            long m = commits.getLast().txid();
            assertThat(owner.committedTxid()).isEqualTo(m);
            assertThat(cluster.view(3, KEY).position()).isEqualTo(new Position(2, m));
            assertThat(cluster.view(4, KEY).position()).isEqualTo(new Position(2, m));
            assertThat(snapshots.get()).isGreaterThanOrEqualTo(2);

            cluster.start(1);
            cluster.start(2);
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (int i = 0; i < 5; i++) {
                    if (cluster.view(i, KEY).appliedTxid() != m) {
                        return false;
                    }
                }
                return true;
            });
            checkpoint(db);
            for (int i = 0; i < 5; i++) {
                Path copy = cluster.view(i, KEY).databaseFile();
                assertThat(Files.mismatch(live, copy)).as("first differing byte of replica " + i).isEqualTo(-1L);
            }
            assertThat(owner.status()).allSatisfy(s -> {
                assertThat(s.state()).isEqualTo(State.STREAMING);
                assertThat(s.matchTxid()).isEqualTo(m);
            });
            owner.close();
        }
    }

    private void capture(WalTailer tailer) throws Exception {
        for (WalTransaction t : tailer.poll()) {
            commits.add(CommitRecord.of(commits.size(), System.currentTimeMillis(), t));
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
}
