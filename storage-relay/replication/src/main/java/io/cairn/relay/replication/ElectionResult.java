package io.cairn.relay.replication;

import io.cairn.relay.replication.Message.Promise;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A won election: a quorum promised {@code epoch}.
 *
 * @param objectKey     the object
 * @param epoch         the epoch won
 * @param promises      the quorum's promises, by replica
 * @param best          the promiser with the highest position (the one to catch up from)
 * @param base          that position: every acknowledged commit is at or below it; the new owner takes
 *                      over exactly this log
 * @param committedTxid the highest applied txid among the promisers: commits up to it are committed
 * @param bestHistory   the best promiser's epoch history
 */
public record ElectionResult(String objectKey, long epoch, Map<ReplicaAddress, Promise> promises,
                             ReplicaAddress best, Position base, long committedTxid, EpochHistory bestHistory) {

    public ElectionResult {
        promises = Map.copyOf(promises);
    }

    /**
     * The new owner's epoch history: the best log's, with every commit after {@code committedTxid}
     * re-stamped with the new epoch. Re-stamping makes replicas that hold those commits from an older
     * epoch cut them and take the new owner's copy, and lets the owner count acknowledgements of them
     * (Raft's "commit an entry of your own term" rule, without a no-op entry).
     */
    public EpochHistory historyFor() {
        return bestHistory.with(epoch, Math.min(committedTxid + 1, base.txid() + 1));
    }

    /** The replicator configuration for the winner, starting at {@link #base}. */
    public ReplicatorConfig replicatorConfig(List<ReplicaAddress> replicas, int quorum, Duration ackTimeout,
                                             Duration requestTimeout) {
        return new ReplicatorConfig(objectKey, epoch, historyFor(), base.txid(), committedTxid, replicas, quorum,
                ackTimeout, requestTimeout);
    }
}
