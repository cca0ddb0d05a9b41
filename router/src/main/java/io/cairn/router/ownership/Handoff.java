package io.cairn.router.ownership;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import io.cairn.api.ObjectId;
import io.cairn.router.membership.MemberInfo;
import io.cairn.router.membership.Membership;
import io.cairn.router.placement.Rendezvous;
import io.cairn.runtime.exec.ObjectHost;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands objects this node holds over to their new owners: on request of the new owner
 * ({@link ReleaseRequest}), after membership changes (objects that now belong elsewhere are let
 * go at once, so their new owners find them in object storage), and all of them when the node
 * leaves gracefully.
 *
 * <p>A release runs as an exclusive task on the object's thread: the current event finishes, the
 * object closes, the storage relay ships what it captured ({@code ObjectStorageHooks.handOff}),
 * and only then is the record marked released. Threads: releases block a caller thread (a
 * Hazelcast executor thread, or this class's small pool for proactive moves).
 */
public final class Handoff implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Handoff.class);
    static final String EXECUTOR = "cairn-handoff";
    /** Where remote requests find this node's handoff in Hazelcast's user context. */
    static final String CONTEXT_KEY = "cairn.handoff";

    /** What a holder answered to a release request. */
    public enum Outcome { RELEASED, STILL_OWNER, FAILED, UNREACHABLE }

    private final Membership membership;
    private final OwnershipTable table;
    private final LocalCopies copies;
    private final ObjectHost host;
    private final Duration timeout;
    private final ExecutorService movers = Executors.newFixedThreadPool(4, Thread.ofPlatform().daemon().name("cairn-handoff-", 0).factory());
    private final ExecutorService rebalancer = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("cairn-rebalance").factory());
    private volatile boolean rebalanceQueued;

    /** With peer replication the replicas hold every acknowledged write: a hand-over need not wait for object storage. */
    private final boolean replicasHoldWrites;

    public Handoff(Membership membership, OwnershipTable table, LocalCopies copies, ObjectHost host, Duration timeout,
                   boolean replicasHoldWrites) {
        this.replicasHoldWrites = replicasHoldWrites;
        this.membership = membership;
        this.table = table;
        this.copies = copies;
        this.host = host;
        this.timeout = timeout;
        HazelcastInstance hz = membership.hazelcast();
        hz.getUserContext().put(CONTEXT_KEY, this);
    }

    /** Asks {@code holder} to release {@code id}; blocks up to {@code wait}. */
    Outcome requestRelease(MemberInfo holder, ObjectId id, Duration wait) {
        if (holder.nodeId().equals(membership.nodeId())) {
            return release(id);
        }
        IExecutorService executor = membership.hazelcast().getExecutorService(EXECUTOR);
        try {
            var member = membership.hazelcast().getCluster().getMembers().stream()
                    .filter(m -> m.getUuid().equals(holder.memberUuid())).findFirst();
            if (member.isEmpty()) {
                return Outcome.UNREACHABLE;
            }
            Future<String> f = executor.submitToMember(new ReleaseRequest(id), member.get());
            return Outcome.valueOf(f.get(wait.toMillis(), TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.UNREACHABLE;
        } catch (Exception e) {
            LOG.debug("{}: release request to {} failed: {}", id, holder.nodeId(), e.toString());
            return Outcome.UNREACHABLE;
        }
    }

    /** Releases {@code id} if this node holds it and no longer owns it; blocks until done. */
    public Outcome release(ObjectId id) {
        String self = membership.nodeId();
        Optional<MemberInfo> owner = Rendezvous.owner(id, membership.view().owners());
        if (owner.isPresent() && owner.get().nodeId().equals(self)) {
            return Outcome.STILL_OWNER;
        }
        OwnerRecord rec = table.get(id).orElse(null);
        if (rec == null || !rec.heldBy(self)) {
            if (host.isLive(id)) {
                // A stale instance (this node was paused or cut off while another took the object over).
                LOG.warn("{}: closing a stale instance; {} holds it now", id, rec == null ? "nobody" : rec.nodeId());
                host.hub().closeObject(id, 1012, "the object moved to another node; reconnect");
                host.evict(id);
            }
            return Outcome.RELEASED;
        }
        try {
            return host.runExclusive(id, dbFile -> releaseClosed(id)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.FAILED;
        } catch (Exception e) {
            LOG.warn("{}: hand-over failed (it stays here until object storage takes its writes): {}", id, e.toString());
            return Outcome.FAILED;
        }
    }

    /** On the object's thread, with its database closed. */
    private Outcome releaseClosed(ObjectId id) throws Exception {
        String self = membership.nodeId();
        OwnerRecord rec = table.get(id).orElse(null);
        if (rec == null || !rec.heldBy(self)) {
            return Outcome.RELEASED;
        }
        host.hub().closeObject(id, 1012, "the object moved to another node; reconnect");
        boolean hadAlarm = host.alarms().isArmed(id);
        String bookmark;
        if (replicasHoldWrites) {
            // Ship what can go now; commits that never reached a quorum (their answers failed) cannot be
            // shipped and must not hold the object here: the next owner takes the rest from the replicas.
            bookmark = host.storageHooks().handOff(id).completeOnTimeout(null, 2, TimeUnit.SECONDS)
                    .exceptionally(e -> null).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            bookmark = host.storageHooks().handOff(id).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (!table.replace(id, rec, rec.releasedAt(bookmark))) {
            return Outcome.FAILED;
        }
        LOG.info("{}: handed over at epoch {} (last bookmark {})", id, rec.epoch(), bookmark);
        if (hadAlarm) {
            host.alarms().cancel(id);
            wakeOwner(id);
        }
        return Outcome.RELEASED;
    }

    /** The alarm lives in the object's database: its new owner schedules it once the object is open there. */
    private void wakeOwner(ObjectId id) {
        Rendezvous.owner(id, membership.view().owners()).ifPresent(owner -> membership.hazelcast().getCluster().getMembers()
                .stream().filter(m -> m.getUuid().equals(owner.memberUuid())).findFirst()
                .ifPresent(m -> membership.hazelcast().getExecutorService(EXECUTOR)
                        .executeOnMember(new WakeRequest(id), m)));
    }

    void wakeLocal(ObjectId id) {
        host.wake(id);
    }

    /** After a view change: lets go of every held object that now belongs elsewhere (coalesced). */
    public void rebalanceSoon() {
        if (rebalanceQueued || rebalancer.isShutdown()) {
            return;
        }
        rebalanceQueued = true;
        try {
            rebalancer.execute(() -> {
                rebalanceQueued = false;
                releaseMoved();
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // Closing: the node hands everything over in prepareShutdown instead.
        }
    }

    /** Releases every held object that this node does not own in the current view; waits for all. */
    public int releaseMoved() {
        List<CompletableFuture<Outcome>> moves = new ArrayList<>();
        String self = membership.nodeId();
        for (ObjectId id : copies.all()) {
            Optional<MemberInfo> owner = Rendezvous.owner(id, membership.view().owners());
            if (owner.isPresent() && owner.get().nodeId().equals(self)) {
                continue;
            }
            OwnerRecord rec;
            try {
                rec = table.get(id).orElse(null);
            } catch (RuntimeException e) {
                LOG.debug("{}: cannot read its record now: {}", id, e.toString());
                continue;
            }
            if ((rec != null && rec.heldBy(self)) || host.isLive(id)) {
                moves.add(CompletableFuture.supplyAsync(() -> release(id), movers));
            }
        }
        CompletableFuture.allOf(moves.toArray(CompletableFuture[]::new)).join();
        long failed = moves.stream().map(CompletableFuture::join).filter(o -> o != Outcome.RELEASED).count();
        if (!moves.isEmpty()) {
            LOG.info("handed over {} objects ({} not yet)", moves.size() - failed, failed);
        }
        return (int) (moves.size() - failed);
    }

    @Override
    public void close() {
        rebalancer.shutdownNow();
        movers.shutdownNow();
    }
}
