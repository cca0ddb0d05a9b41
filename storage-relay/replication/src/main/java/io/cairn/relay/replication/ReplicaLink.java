package io.cairn.relay.replication;

/**
 * A {@link QuorumReplicator}'s view of one replica. Confined to the replicator's context.
 *
 * <p>{@code generation} changes whenever the replicator rewinds {@code next} (a BEHIND answer, a failure):
 * answers to Appends of an older generation only count as acknowledgements, never as instructions.
 */
final class ReplicaLink {

    final ReplicaAddress address;
    ReplicaStatus.State state = ReplicaStatus.State.PROBING;
    /** Highest txid the replica acknowledged holding (owner's log up to it). */
    long match = -1;
    /** Next txid to send. */
    long next;
    int inFlight;
    int generation;
    /** The committed txid the replica last heard of. */
    long toldCommitted = -1;
    long appliedTxid = -1;
    long lastAckMillis;
    String lastError;
    long backoffMillis;

    ReplicaLink(ReplicaAddress address, long next) {
        this.address = address;
        this.next = next;
    }

    /** Rewinds to {@code from}: later answers of Appends already sent are not instructions any more. */
    void rewind(long from, ReplicaStatus.State newState) {
        generation++;
        next = from;
        state = newState;
    }

    /** Rewinds to {@code from} in {@link ReplicaStatus.State#BACKOFF}; returns the delay (50 ms doubling to 2 s). */
    long backOff(long from) {
        rewind(from, ReplicaStatus.State.BACKOFF);
        backoffMillis = Math.min(2000, Math.max(50, backoffMillis * 2));
        return backoffMillis;
    }

    ReplicaStatus status(long lastTxid) {
        long lag = match < 0 ? lastTxid + 1 : Math.max(0, lastTxid - match);
        return new ReplicaStatus(address, state, match, lag, appliedTxid, lastAckMillis, lastError);
    }
}
