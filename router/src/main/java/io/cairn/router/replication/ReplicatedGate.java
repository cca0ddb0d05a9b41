package io.cairn.router.replication;

import io.cairn.api.ObjectId;
import io.cairn.runtime.gate.CommitTicket;
import io.cairn.runtime.gate.DurabilityGate;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A commit is durable once the local WAL is fsynced and a quorum of replicas holds it; both run
 * at the same time. Follows {@link DurabilityGate}'s contract: {@link #submit} is called on the
 * object's thread right after the storage relay captured the commit, so the replication future
 * of the object's latest capture is this commit's.
 */
public final class ReplicatedGate implements DurabilityGate {

    private final DurabilityGate local;
    private final Supplier<ReplicationService> replication;

    public ReplicatedGate(DurabilityGate local, Supplier<ReplicationService> replication) {
        this.local = local;
        this.replication = replication;
    }

    @Override
    public CompletableFuture<Void> submit(CommitTicket ticket) {
        ReplicationService r = replication.get();
        CompletableFuture<Void> fsync = local.submit(ticket);
        if (r == null) {
            return fsync;
        }
        ObjectId id = ticket.object();
        return fsync.thenCombine(r.durable(id), (a, b) -> null);
    }

    @Override
    public void release(ObjectId object) {
        local.release(object);
    }

    @Override
    public void close() {
        local.close();
    }
}
