package io.cairn.relay.replication;

/**
 * A replica has promised a higher epoch than the sender's: another node took the object over. The sender
 * must stop serving the object (its unacknowledged writes are not durable and may be discarded) and route
 * to the newer owner, as a Raft follower answers NotLeader.
 */
public final class FencedException extends ReplicationException {

    private final long staleEpoch;
    private final long higherEpoch;

    public FencedException(String objectKey, long staleEpoch, long higherEpoch) {
        super(objectKey, "object " + objectKey + ": epoch " + staleEpoch + " is fenced by epoch " + higherEpoch);
        this.staleEpoch = staleEpoch;
        this.higherEpoch = higherEpoch;
    }

    /** The epoch that was refused. */
    public long staleEpoch() {
        return staleEpoch;
    }

    /** The epoch a replica promised instead; a new contender must go above it. */
    public long higherEpoch() {
        return higherEpoch;
    }
}
