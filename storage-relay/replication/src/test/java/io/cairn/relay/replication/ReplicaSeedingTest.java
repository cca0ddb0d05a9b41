package io.cairn.relay.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.relay.capture.CommitRecord;
import io.cairn.relay.capture.DatabaseImage;
import io.cairn.relay.replication.EpochHistory.EpochStart;
import io.cairn.relay.replication.Message.Ack;
import io.cairn.relay.replication.Message.Append;
import io.cairn.relay.replication.Message.Fetch;
import io.cairn.relay.replication.Message.Frames;
import io.cairn.relay.replication.Message.Install;
import io.cairn.relay.replication.Message.Nack;
import io.cairn.relay.replication.Message.Prepare;
import io.cairn.relay.replication.Message.Promise;
import io.cairn.relay.replication.Message.Reason;
import io.cairn.relay.replication.Message.Request;
import io.cairn.relay.replication.Message.Response;
import io.cairn.relay.replication.ReplicaStore.ReplicaView;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replica side of seeding: Install chunks, the pending seed, its epoch checks, restarts and cuts. */
class ReplicaSeedingTest {

    static final String KEY = "counter/a";
    static final EpochHistory E1 = new EpochHistory(List.of(new EpochStart(1, 0)));
    static final EpochHistory E1_E2 = new EpochHistory(List.of(new EpochStart(1, 0), new EpochStart(2, 10)));

    @TempDir
    Path dir;

    ReplicaStore store;

    void open() throws Exception {
        store = ReplicaStore.open(dir.resolve("store"), new ReplicaStore.Options(Duration.ZERO, 4));
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    Response send(Request r) throws Exception {
        return store.handle(r).get();
    }

    ReplicaView view() throws Exception {
        return store.view(KEY).get().orElseThrow();
    }

    List<String> seedFiles() throws Exception {
        try (Stream<Path> files = Files.list(view().databaseFile().getParent())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("seed")).toList();
        }
    }

    @Test
    void aSeedingWithAStaleEpochIsRefusedEvenHalfWayThrough() throws Exception {
        open();
        assertThat(send(new Prepare(KEY, 3))).isInstanceOf(Promise.class);
        CommitRecord image = Commits.image(20, 6, 1);
        List<Install> stale = Commits.chunks(2, new EpochHistory(List.of(new EpochStart(2, 0))), -1, image, 6);
        assertThat(send(stale.getFirst())).isInstanceOfSatisfying(Nack.class, n -> {
            assertThat(n.reason()).isEqualTo(Reason.STALE_EPOCH);
            assertThat(n.promisedEpoch()).isEqualTo(3);
        });

        // Epoch 3 starts sending; a candidate wins epoch 4 before the last chunk arrives.
        List<Install> three = Commits.chunks(3, new EpochHistory(List.of(new EpochStart(3, 0))), -1, image, 4);
        assertThat(send(three.get(0))).isInstanceOfSatisfying(Ack.class,
                a -> assertThat(a.position()).isEqualTo(Position.NONE));
        assertThat(send(new Prepare(KEY, 4))).isInstanceOf(Promise.class);
        assertThat(send(three.get(1))).isInstanceOfSatisfying(Nack.class, n -> {
            assertThat(n.reason()).isEqualTo(Reason.STALE_EPOCH);
            assertThat(n.promisedEpoch()).isEqualTo(4);
        });
        // The staged pages are gone: a later chunk alone does not complete anything.
        List<Install> four = Commits.chunks(4, new EpochHistory(List.of(new EpochStart(4, 0))), -1, image, 4);
        assertThat(send(four.get(1))).isInstanceOfSatisfying(Nack.class,
                n -> assertThat(n.reason()).isEqualTo(Reason.FAILED));
        assertThat(view().position()).isEqualTo(Position.NONE);
        assertThat(view().promisedEpoch()).isEqualTo(4);
        assertThat(seedFiles()).isEmpty();
    }

    @Test
    void aSeedWaitsForItsCommitSurvivesARestartAndThenBecomesTheCopy() throws Exception {
        open();
        send(new Append(KEY, 1, E1, -1, 4, Commits.range(0, 4)));
        await().atMost(Duration.ofSeconds(5)).until(() -> view().appliedTxid() == 4);

        CommitRecord image = Commits.image(20, 7, 2);
        List<Install> chunks = Commits.chunks(2, E1_E2, 4, image, 3);
        assertThat(chunks).hasSize(3);
        for (Install i : chunks.subList(0, 2)) {
            assertThat(send(i)).isInstanceOfSatisfying(Ack.class,
                    a -> assertThat(a.position()).isEqualTo(new Position(1, 4)));
        }
        assertThat(send(chunks.getLast())).isEqualTo(new Ack(KEY, 2, new Position(2, 20), 4));
        // Txid 20 is not known committed: the copy stays at 4, the image waits.
        assertThat(view().appliedTxid()).isEqualTo(4);
        assertThat(seedFiles()).containsExactly("seed-20");

        store.close();
        open();
        assertThat(view().position()).isEqualTo(new Position(2, 20));
        assertThat(view().appliedTxid()).isEqualTo(4);
        // A new owner would fetch the image (it is the only source of 5..20 here).
        assertThat(send(new Fetch(KEY, 5, 20, 1 << 20))).isEqualTo(new Frames(KEY, true, List.of(image)));

        CommitRecord next = Commits.commit(21);
        assertThat(send(new Append(KEY, 2, E1_E2, 20, 21, List.of(next))))
                .isInstanceOfSatisfying(Ack.class, a -> assertThat(a.position()).isEqualTo(new Position(2, 21)));
        await().atMost(Duration.ofSeconds(5)).until(() -> view().appliedTxid() == 21);

        Path expected = dir.resolve("expected");
        try (FileChannel ch = FileChannel.open(expected, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            DatabaseImage.apply(ch, image);
            DatabaseImage.apply(ch, next);
        }
        assertThat(Files.mismatch(expected, view().databaseFile())).isEqualTo(-1L);
        assertThat(seedFiles()).isEmpty();
    }

    @Test
    void aCrashAfterTheSeedWasRenamedIntoTheCopyIsFinishedAtOpen() throws Exception {
        open();
        CommitRecord image = Commits.image(9, 5, 3);
        for (Install i : Commits.chunks(1, E1, -1, image, 2)) {
            assertThat(send(i)).isInstanceOf(Ack.class);
        }
        Path db = view().databaseFile();
        store.close();
        // The apply renames seed-9 over the copy, then records it; the crash hit between the two.
        Files.move(db.resolveSibling("seed-9"), db);
        open();
        assertThat(view().appliedTxid()).isEqualTo(9);
        assertThat(view().position()).isEqualTo(new Position(1, 9));
        assertThat(send(new Fetch(KEY, 0, 9, 1 << 20))).isEqualTo(new Frames(KEY, true, List.of(image)));
    }

    @Test
    void aSeedThatANewerOwnersHistoryContradictsIsDropped() throws Exception {
        open();
        send(new Append(KEY, 1, E1, -1, 4, Commits.range(0, 4)));
        await().atMost(Duration.ofSeconds(5)).until(() -> view().appliedTxid() == 4);
        for (Install i : Commits.chunks(2, E1_E2, 4, Commits.image(20, 4, 4), 4)) {
            assertThat(send(i)).isInstanceOf(Ack.class);
        }
        assertThat(view().position()).isEqualTo(new Position(2, 20));

        // Epoch 3 took over from a log where epoch 1 ended at 7: txids 8.. of the seed were never committed.
        EpochHistory e3 = new EpochHistory(List.of(new EpochStart(1, 0), new EpochStart(3, 8)));
        assertThat(send(new Append(KEY, 3, e3, 7, 4, List.of()))).isInstanceOfSatisfying(Nack.class, n -> {
            assertThat(n.reason()).isEqualTo(Reason.BEHIND);
            assertThat(n.resendFrom()).isEqualTo(5);
        });
        assertThat(view().position()).isEqualTo(new Position(1, 4));
        assertThat(view().appliedTxid()).isEqualTo(4);
        assertThat(seedFiles()).isEmpty();
    }
}
