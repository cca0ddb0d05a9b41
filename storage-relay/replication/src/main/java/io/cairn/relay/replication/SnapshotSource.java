package io.cairn.relay.replication;

import java.io.IOException;
import java.util.Optional;

/**
 * Where an owner gets a whole-database image of its object to seed a replica that needs commits its
 * {@link CatchUpSource} no longer holds (a replica new to the set, or one whose disk was wiped). On the
 * owner this is its own database file at a known txid.
 *
 * <p><b>Threading.</b> Called on a Vert.x worker thread; it may block (copying a file, waiting for a read
 * transaction). It may be called for several replicas at once: each call returns its own snapshot, which
 * the replicator closes once that replica's seeding ends.
 */
@FunctionalInterface
public interface SnapshotSource {

    /**
     * A consistent image at some txid at most the owner's last txid handed to the replicator, or empty
     * when none can be made right now (the replicator asks again later).
     */
    Optional<DatabaseSnapshot> snapshot() throws IOException;

    /** No snapshots: replicas beyond the catch-up source stay {@link ReplicaStatus.State#NEEDS_SNAPSHOT}. */
    SnapshotSource NONE = Optional::empty;
}
