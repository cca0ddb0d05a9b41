package io.cairn.relay.replication;

/**
 * Fewer than {@code needed} replicas answered in time: the write (or election) may still succeed later,
 * but its caller must not treat it as durable (HTTP: 503 with Retry-After).
 */
public final class QuorumUnavailableException extends ReplicationException {

    private final long txid;
    private final int acked;
    private final int needed;

    public QuorumUnavailableException(String objectKey, long txid, int acked, int needed) {
        super(objectKey, "object " + objectKey + ": txid " + txid + " held by " + acked + " of the " + needed
                + " replicas needed");
        this.txid = txid;
        this.acked = acked;
        this.needed = needed;
    }

    /** The txid that waited (-1 for an election). */
    public long txid() {
        return txid;
    }

    /** How many replicas acknowledged (or promised). */
    public int acked() {
        return acked;
    }

    /** The quorum. */
    public int needed() {
        return needed;
    }
}
