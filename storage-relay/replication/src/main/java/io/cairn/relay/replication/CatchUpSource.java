package io.cairn.relay.replication;

import io.cairn.relay.capture.CommitRecord;
import java.io.IOException;
import java.util.List;

/**
 * Where an owner finds older commits of its object to catch a lagging replica up, typically its local
 * spool (and, later, object storage).
 *
 * <p>Called on a worker thread (it may block), never concurrently for one replicator.
 */
@FunctionalInterface
public interface CatchUpSource {

    /**
     * Commits from {@code fromTxid} up to {@code toTxid} inclusive, consecutive and starting exactly at
     * {@code fromTxid}; a shorter prefix is fine (the replicator asks again), stopping after about
     * {@code maxBytes} of pages. Empty when {@code fromTxid} is no longer held: the replica then needs a
     * snapshot ({@link ReplicaStatus.State#NEEDS_SNAPSHOT}).
     */
    List<CommitRecord> commits(long fromTxid, long toTxid, long maxBytes) throws IOException;

    /** A source with nothing: every lagging replica needs a snapshot. */
    CatchUpSource NONE = (from, to, max) -> List.of();
}
