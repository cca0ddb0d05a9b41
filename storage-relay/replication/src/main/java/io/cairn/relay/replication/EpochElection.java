package io.cairn.relay.replication;

import io.cairn.relay.capture.CommitRecord;
import io.cairn.relay.replication.Message.Fetch;
import io.cairn.relay.replication.Message.Frames;
import io.cairn.relay.replication.Message.Nack;
import io.cairn.relay.replication.Message.Prepare;
import io.cairn.relay.replication.Message.Promise;
import io.cairn.relay.replication.Message.Reason;
import io.cairn.relay.replication.Message.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Taking an object over: a candidate owner asks the replica set to promise a new epoch; once a quorum has,
 * no older epoch can get anything acknowledged (every Append quorum intersects the promise quorum), and
 * the highest position among the promisers holds every acknowledged commit.
 *
 * <p>Futures complete on the {@link ReplicationClient}'s context; callers must not block in callbacks.
 * Thread-safe.
 */
public final class EpochElection {

    /** Bytes of pages asked for per Fetch round trip. */
    static final long FETCH_BYTES = 16L << 20;

    private final ReplicationClient client;
    private final Duration timeout;

    /** @param timeout how long each replica may take to answer */
    public EpochElection(ReplicationClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /**
     * Sends Prepare({@code newEpoch}) to every replica. Completes with the result once {@code quorum}
     * promised; fails with {@link FencedException} (carrying the highest promised epoch seen, to retry
     * above it) or {@link QuorumUnavailableException} as soon as a quorum can no longer be reached.
     */
    public CompletableFuture<ElectionResult> prepare(String objectKey, long newEpoch, List<ReplicaAddress> replicas,
                                                     int quorum) {
        if (quorum < 1 || quorum > replicas.size()) {
            throw new IllegalArgumentException("an election needs 1 <= quorum <= replicas, got " + quorum + " of "
                    + replicas.size() + " (quorum 0 needs no election)");
        }
        CompletableFuture<ElectionResult> result = new CompletableFuture<>();
        Map<ReplicaAddress, Promise> promises = new HashMap<>();
        long[] refused = {0, 0};   // count, highest promised epoch seen
        int[] answered = {0};
        for (ReplicaAddress r : replicas) {
            client.request(r, new Prepare(objectKey, newEpoch), timeout).onComplete(ar -> {
                synchronized (promises) {
                    answered[0]++;
                    Response resp = ar.succeeded() ? ar.result() : null;
                    if (resp instanceof Promise p && p.epoch() == newEpoch) {
                        promises.put(r, p);
                    } else if (resp instanceof Nack n && n.reason() == Reason.STALE_EPOCH) {
                        refused[0]++;
                        refused[1] = Math.max(refused[1], n.promisedEpoch());
                    }
                    if (result.isDone()) {
                        return;
                    }
                    if (promises.size() == quorum) {
                        result.complete(won(objectKey, newEpoch, promises));
                    } else if (promises.size() + (replicas.size() - answered[0]) < quorum) {
                        result.completeExceptionally(refused[0] > 0
                                ? new FencedException(objectKey, newEpoch, refused[1])
                                : new QuorumUnavailableException(objectKey, -1, promises.size(), quorum));
                    }
                }
            });
        }
        return result;
    }

    private static ElectionResult won(String objectKey, long epoch, Map<ReplicaAddress, Promise> promises) {
        Map.Entry<ReplicaAddress, Promise> best = null;
        long committed = -1;
        for (Map.Entry<ReplicaAddress, Promise> e : promises.entrySet()) {
            committed = Math.max(committed, e.getValue().appliedTxid());
            if (best == null || e.getValue().position().isAfter(best.getValue().position())) {
                best = e;
            }
        }
        return new ElectionResult(objectKey, epoch, promises, best.getKey(), best.getValue().position(), committed,
                best.getValue().history());
    }

    /**
     * Fetches from the best promiser what the new owner lacks: commits after {@code localLastTxid} up to
     * the base. A local database ahead of the committed txid may hold commits that were never
     * acknowledged and differ from the base: it is replaced (pass -1 for an empty local database).
     */
    public CompletableFuture<CatchUp> catchUp(ElectionResult won, long localLastTxid) {
        boolean replace = localLastTxid > won.committedTxid();
        long from = replace ? 0 : localLastTxid + 1;
        CompletableFuture<CatchUp> done = new CompletableFuture<>();
        if (from > won.base().txid()) {
            done.complete(new CatchUp(false, List.of()));
            return done;
        }
        fetch(won, from, replace || from == 0, new ArrayList<>(), done);
        return done;
    }

    private void fetch(ElectionResult won, long from, boolean replace, List<CommitRecord> got,
                       CompletableFuture<CatchUp> done) {
        long to = won.base().txid();
        client.request(won.best(), new Fetch(won.objectKey(), from, to, FETCH_BYTES), timeout).onComplete(ar -> {
            if (ar.failed()) {
                done.completeExceptionally(ar.cause());
                return;
            }
            if (!(ar.result() instanceof Frames f) || f.commits().isEmpty()
                    || (!f.snapshot() && f.commits().getFirst().txid() != from)) {
                done.completeExceptionally(new IOException("replica " + won.best() + " cannot serve commits "
                        + from + ".." + to + " of " + won.objectKey() + ": " + ar.result()));
                return;
            }
            if (f.snapshot()) {
                got.clear();   // the image replaces everything fetched before it
            }
            got.addAll(f.commits());
            long last = got.getLast().txid();
            if (last >= to) {
                done.complete(new CatchUp(replace || f.snapshot() || got.getFirst().txid() == 0 && replace,
                        got));
            } else {
                fetch(won, last + 1, replace || f.snapshot(), got, done);
            }
        });
    }
}
