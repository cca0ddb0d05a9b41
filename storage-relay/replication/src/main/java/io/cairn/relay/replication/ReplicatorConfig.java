package io.cairn.relay.replication;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link QuorumReplicator} needs: who owns what, from where, to whom.
 *
 * @param objectKey      the object
 * @param epoch          the owner's epoch, won by an {@link EpochElection}
 * @param history        the owner's epoch history ({@link ElectionResult#historyFor})
 * @param lastTxid       the owner's last txid when replication starts (after the election's catch-up)
 * @param committedTxid  a txid known to be committed (-1 if none), told to replicas so they apply
 * @param replicas       the replica set, without the owner
 * @param quorum         acknowledgements needed; 0 makes every commit durable at once (single node)
 * @param ackTimeout     how long a commit may wait for its quorum before failing
 * @param requestTimeout how long one Append may wait for its answer before the replica counts as down
 */
public record ReplicatorConfig(String objectKey, long epoch, EpochHistory history, long lastTxid, long committedTxid,
                               List<ReplicaAddress> replicas, int quorum, Duration ackTimeout,
                               Duration requestTimeout) {

    public ReplicatorConfig {
        Objects.requireNonNull(objectKey, "objectKey");
        Objects.requireNonNull(history, "history");
        replicas = List.copyOf(replicas);
        if (quorum < 0 || quorum > replicas.size()) {
            throw new IllegalArgumentException("quorum " + quorum + " with " + replicas.size() + " replicas");
        }
        if (replicas.stream().distinct().count() != replicas.size()) {
            throw new IllegalArgumentException("replicas must be distinct: " + replicas);
        }
        if (quorum > 0 && history.lastEpoch() != epoch) {
            throw new IllegalArgumentException("the history must end with the owner's epoch " + epoch + ": " + history);
        }
        Objects.requireNonNull(ackTimeout, "ackTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }
}
