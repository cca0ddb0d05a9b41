package io.cairn.relay.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cairn.relay.capture.CommitRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Five replicas on real sockets, quorum three. */
class QuorumReplicationTest {

    static final String KEY = "flights/LH400";

    @TempDir
    Path dir;

    Cluster cluster;
    final List<CommitRecord> spool = new ArrayList<>();
    final AtomicInteger sourceReads = new AtomicInteger();
    final CatchUpSource source = (from, to, max) -> {
        sourceReads.incrementAndGet();
        synchronized (spool) {
            return spool.stream().filter(c -> c.txid() >= from && c.txid() <= to).toList();
        }
    };

    @BeforeEach
    void start() throws Exception {
        cluster = new Cluster(dir, 5);
    }

    @AfterEach
    void stop() throws Exception {
        cluster.close();
    }

    List<CommitRecord> made(long from, long to) {
        List<CommitRecord> c = Commits.range(from, to);
        synchronized (spool) {
            spool.addAll(c);
        }
        return c;
    }

    @Test
    void commitsAreAckedByAQuorumAndSurviveTwoReplicasDownButNotThree() throws Exception {
        QuorumReplicator owner = cluster.owner(KEY, 1, cluster.addresses, 3, source);
        Cluster.replicateAll(owner, made(0, 99));
        assertThat(owner.committedTxid()).isGreaterThanOrEqualTo(99);
        await().atMost(Duration.ofSeconds(10)).until(() ->
                owner.status().stream().allMatch(s -> s.matchTxid() == 99 && s.lagCommits() == 0));

        cluster.stop(0);
        cluster.stop(1);
        Cluster.replicateAll(owner, made(100, 149));
        assertThat(cluster.view(2, KEY).position()).isEqualTo(new Position(1, 149));

        cluster.stop(2);
        CompletableFuture<Void> stuck = owner.replicate(made(150, 150).getFirst());
        assertThatThrownBy(() -> stuck.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(QuorumUnavailableException.class, e -> {
                    assertThat(e.txid()).isEqualTo(150);
                    assertThat(e.acked()).isEqualTo(2);
                    assertThat(e.needed()).isEqualTo(3);
                });
        assertThat(owner.committedTxid()).isEqualTo(149);
    }

    @Test
    void aNewOwnerFencesTheOldOneAndFindsEveryAcknowledgedCommit() throws Exception {
        QuorumReplicator a = cluster.owner(KEY, 1, cluster.addresses, 3, source);
        Cluster.replicateAll(a, made(0, 39));

        // B takes over on a bare quorum (replicas 0..2), as after a partition from A.
        List<ReplicaAddress> bQuorum = cluster.addresses.subList(0, 3);
        ElectionResult won = cluster.election().prepare(KEY, 2, bQuorum, 3).get(10, TimeUnit.SECONDS);
        assertThat(won.base().txid()).as("A's highest acknowledged txid").isEqualTo(39);

        // A goes on writing: replicas 3 and 4 still take epoch 1, but no quorum can form.
        CompletableFuture<Void> late = a.replicate(Commits.commit(40, 4040));
        assertThatThrownBy(() -> late.get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(FencedException.class, e -> {
                    assertThat(e.staleEpoch()).isEqualTo(1);
                    assertThat(e.higherEpoch()).isEqualTo(2);
                });
        assertThatThrownBy(() -> a.replicate(Commits.commit(41, 4041)).get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOf(FencedException.class);
        assertThat(a.committedTxid()).isEqualTo(39);
        assertThat(a.fenced()).isNotNull();

        // B catches up (it starts empty), then writes its own txid 40 on all five replicas.
        CatchUp catchUp = cluster.election().catchUp(won, -1).get(10, TimeUnit.SECONDS);
        assertThat(catchUp.commits()).extracting(CommitRecord::txid).last().isEqualTo(39L);
        List<CommitRecord> bSpool = new ArrayList<>(catchUp.commits());
        QuorumReplicator b = QuorumReplicator.start(cluster.vertx, cluster.client,
                won.replicatorConfig(cluster.addresses, 3, Cluster.ACK_TIMEOUT, Cluster.REQUEST_TIMEOUT),
                (from, to, max) -> bSpool.stream().filter(c -> c.txid() >= from && c.txid() <= to).toList());
        b.awaitQuorum(39).get(10, TimeUnit.SECONDS);
        CommitRecord bs40 = Commits.commit(40, 9040);
        bSpool.add(bs40);
        b.replicate(bs40).get(10, TimeUnit.SECONDS);
        // Replicas 3 and 4 held A's unacknowledged txid 40 (epoch 1): it is replaced by B's.
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (int i = 0; i < 5; i++) {
                if (!cluster.view(i, KEY).position().equals(new Position(2, 40))) {
                    return false;
                }
            }
            return true;
        });
        for (int i = 0; i < 5; i++) {
            var frames = cluster.stores.get(i).handle(new Message.Fetch(KEY, 40, 40, 1 << 20)).get();
            assertThat(frames).isEqualTo(new Message.Frames(KEY, false, List.of(bs40)));
        }
    }

    @Test
    void twoContendersForTheSameEpochCannotBothWin() throws Exception {
        EpochElection e = cluster.election();
        e.prepare(KEY, 5, cluster.addresses.subList(0, 3), 3).get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> e.prepare(KEY, 5, cluster.addresses, 3).get(10, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(FencedException.class, x -> assertThat(x.higherEpoch()).isEqualTo(5));
    }

    @Test
    void aRestartedReplicaKeepsItsPromiseAndPositionAndCatchesUp() throws Exception {
        QuorumReplicator owner = cluster.owner(KEY, 1, cluster.addresses, 3, source);
        Cluster.replicateAll(owner, made(0, 19));
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.view(0, KEY).position().txid() == 19);
        cluster.stop(0);
        Cluster.replicateAll(owner, made(20, 49));

        // Read the reopened store before serving it: once it listens, the owner's next probe catches it up.
        try (ReplicaStore reopened = ReplicaStore.open(cluster.dirs.get(0), ReplicaStore.Options.DEFAULTS)) {
            var v = reopened.view(KEY).get(10, TimeUnit.SECONDS).orElseThrow();
            assertThat(v.promisedEpoch()).isEqualTo(1);
            assertThat(v.position()).isEqualTo(new Position(1, 19));
        }
        cluster.start(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.view(0, KEY).position().txid() == 49);
        assertThat(owner.status()).allSatisfy(s -> assertThat(s.state()).isNotEqualTo(ReplicaStatus.State.NEEDS_SNAPSHOT));
    }

    @Test
    void aWipedReplicaIsCaughtUpFromTheCatchUpSource() throws Exception {
        QuorumReplicator owner = cluster.owner(KEY, 1, cluster.addresses, 3, source);
        Cluster.replicateAll(owner, made(0, 29));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                owner.status().stream().allMatch(s -> s.matchTxid() == 29));
        cluster.stop(4);
        try (var files = java.nio.file.Files.walk(cluster.dirs.get(4))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        cluster.start(4);
        Cluster.replicateAll(owner, made(30, 34));
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.view(4, KEY).position().txid() == 34);
        assertThat(sourceReads.get()).as("commits 0..29 were no longer buffered").isPositive();
        assertThat(cluster.stores.get(4).handle(new Message.Fetch(KEY, 30, 34, 1 << 30)).get())
                .isInstanceOfSatisfying(Message.Frames.class, f -> assertThat(f.commits()).isEqualTo(spool.subList(30, 35)));
    }
}
