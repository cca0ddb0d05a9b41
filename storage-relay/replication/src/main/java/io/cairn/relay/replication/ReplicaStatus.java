package io.cairn.relay.replication;

/**
 * One replica as seen by an owner's {@link QuorumReplicator}, for metrics and the admin object view.
 *
 * @param address       the replica
 * @param state         what the replicator is doing with it
 * @param matchTxid     the replica holds the owner's log up to this txid (acknowledged), -1 if unknown
 * @param lagCommits    owner's last txid minus {@code matchTxid}
 * @param appliedTxid   the replica's database copy position, as last reported
 * @param lastAckMillis wall-clock time of the last acknowledgement, 0 if none
 * @param lastError     the last failure, null after a success
 */
public record ReplicaStatus(ReplicaAddress address, State state, long matchTxid, long lagCommits, long appliedTxid,
                            long lastAckMillis, String lastError) {

    /** Replication state of one replica. */
    public enum State {
        /** Sending an empty Append to learn where the replica stands. */
        PROBING,
        /** Commits flow as they are made. */
        STREAMING,
        /** Reading older commits from the {@link CatchUpSource}. */
        CATCHING_UP,
        /** Unreachable or failing; retried after a backoff. */
        BACKOFF,
        /**
         * Needs commits the source no longer holds: a snapshot copy must seed it. With a
         * {@link SnapshotSource} this is brief (until an image is available); without one it stays so.
         */
        NEEDS_SNAPSHOT,
        /** Receiving a whole-database image from the owner's {@link SnapshotSource}, chunk by chunk. */
        SEEDING
    }
}
