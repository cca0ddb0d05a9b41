package io.cairn.relay.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.relay.replication.EpochHistory.EpochStart;
import io.cairn.relay.replication.Message.Ack;
import io.cairn.relay.replication.Message.Append;
import io.cairn.relay.replication.Message.Fetch;
import io.cairn.relay.replication.Message.Frames;
import io.cairn.relay.replication.Message.Nack;
import io.cairn.relay.replication.Message.Prepare;
import io.cairn.relay.replication.Message.Promise;
import io.cairn.relay.replication.Message.Reason;
import io.cairn.relay.replication.Message.Request;
import io.cairn.relay.replication.Message.Response;
import io.cairn.relay.replication.ReplicaStore.ReplicaView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicaStoreTest {

    static final String KEY = "counter/a";
    static final EpochHistory E1 = new EpochHistory(List.of(new EpochStart(1, 0)));

    @TempDir
    Path dir;

    ReplicaStore store;

    ReplicaStore open() throws Exception {
        store = ReplicaStore.open(dir, new ReplicaStore.Options(Duration.ZERO, 4));
        return store;
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

    @Test
    void appendsAreAckedInOrderAndGapsAskForTheMissingTxid() throws Exception {
        open();
        assertThat(send(new Append(KEY, 1, E1, -1, -1, Commits.range(0, 2))))
                .isEqualTo(new Ack(KEY, 1, new Position(1, 2), -1));
        Response gap = send(new Append(KEY, 1, E1, 5, -1, Commits.range(6, 7)));
        assertThat(gap).isInstanceOfSatisfying(Nack.class, n -> {
            assertThat(n.reason()).isEqualTo(Reason.BEHIND);
            assertThat(n.resendFrom()).isEqualTo(3);
        });
        // Overlapping resends are duplicates, not errors.
        assertThat(send(new Append(KEY, 1, E1, 1, -1, Commits.range(2, 4))))
                .isInstanceOfSatisfying(Ack.class, a -> assertThat(a.position()).isEqualTo(new Position(1, 4)));
    }

    @Test
    void olderEpochsAreRefusedWithThePromisedEpoch() throws Exception {
        open();
        send(new Append(KEY, 1, E1, -1, -1, Commits.range(0, 0)));
        assertThat(send(new Prepare(KEY, 3))).isInstanceOfSatisfying(Promise.class, p -> {
            assertThat(p.position()).isEqualTo(new Position(1, 0));
            assertThat(p.history()).isEqualTo(E1);
        });
        assertThat(send(new Prepare(KEY, 3))).isInstanceOfSatisfying(Nack.class,
                n -> assertThat(n.reason()).isEqualTo(Reason.STALE_EPOCH));
        assertThat(send(new Prepare(KEY, 2))).isInstanceOfSatisfying(Nack.class,
                n -> assertThat(n.promisedEpoch()).isEqualTo(3));
        assertThat(send(new Append(KEY, 1, E1, 0, -1, Commits.range(1, 1)))).isInstanceOfSatisfying(Nack.class, n -> {
            assertThat(n.reason()).isEqualTo(Reason.STALE_EPOCH);
            assertThat(n.promisedEpoch()).isEqualTo(3);
        });
        assertThat(view().position()).isEqualTo(new Position(1, 0));
    }

    @Test
    void promiseAndPositionSurviveARestartAndATornTailIsCut() throws Exception {
        open();
        send(new Append(KEY, 1, E1, -1, -1, Commits.range(0, 5)));
        send(new Prepare(KEY, 2));
        Path log = view().databaseFile().resolveSibling("log");
        store.close();
        // A crash in the middle of writing the next record leaves half of it.
        byte[] half = new byte[300];
        Files.write(log, half, StandardOpenOption.APPEND);
        open();
        ReplicaView v = view();
        assertThat(v.promisedEpoch()).isEqualTo(2);
        assertThat(v.position()).isEqualTo(new Position(1, 5));
        assertThat(send(new Fetch(KEY, 4, 9, 1 << 20))).isEqualTo(new Frames(KEY, false, Commits.range(4, 5)));
    }

    @Test
    void committedCommitsAreAppliedAndTheLogIsCompactedBehindThem() throws Exception {
        open();
        send(new Append(KEY, 1, E1, -1, -1, Commits.range(0, 29)));
        send(new Append(KEY, 1, E1, 29, 29, List.of()));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> view().appliedTxid() == 29);
        byte[] expected = new byte[4 * Commits.PAGE];
        for (var c : Commits.range(0, 29)) {
            for (var p : c.pages()) {
                System.arraycopy(p.data(), 0, expected, (p.pageNumber() - 1) * Commits.PAGE, Commits.PAGE);
            }
        }
        assertThat(Files.readAllBytes(view().databaseFile())).isEqualTo(expected);
        // Older commits are gone from the log: a Fetch of them is answered with the database image.
        Response r = send(new Fetch(KEY, 0, 29, 1 << 20));
        assertThat(r).isInstanceOfSatisfying(Frames.class, f -> {
            assertThat(f.snapshot()).isTrue();
            assertThat(f.commits().getFirst().txid()).isEqualTo(29);
            assertThat(f.commits().getFirst().pages()).hasSize(4);
        });
    }

    @Test
    void uncommittedCommitsOfAnOlderEpochAreCutWhenANewerOwnerDiverges() throws Exception {
        open();
        send(new Append(KEY, 1, E1, -1, 2, Commits.range(0, 5)));   // 0..2 committed, 3..5 not
        EpochHistory e2 = E1.with(2, 3);                              // new owner restamps from 3
        List<io.cairn.relay.capture.CommitRecord> theirs = List.of(Commits.commit(3, 1003), Commits.commit(4, 1004));
        Response probe = send(new Append(KEY, 2, e2, 4, 2, List.of()));
        assertThat(probe).isInstanceOfSatisfying(Nack.class, n -> {
            assertThat(n.reason()).isEqualTo(Reason.BEHIND);
            assertThat(n.resendFrom()).isEqualTo(3);
        });
        assertThat(send(new Append(KEY, 2, e2, 2, 4, theirs))).isInstanceOfSatisfying(Ack.class,
                a -> assertThat(a.position()).isEqualTo(new Position(2, 4)));
        assertThat(send(new Fetch(KEY, 3, 9, 1 << 20))).isEqualTo(new Frames(KEY, false, theirs));
        store.close();
        open();
        assertThat(view().position()).isEqualTo(new Position(2, 4));
        assertThat(view().promisedEpoch()).isEqualTo(2);
    }
}
