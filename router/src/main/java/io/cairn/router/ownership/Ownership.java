package io.cairn.router.ownership;

import io.cairn.api.ObjectId;
import io.cairn.router.membership.ClusterView;
import io.cairn.router.membership.MemberInfo;
import io.cairn.router.membership.Membership;
import io.cairn.router.placement.Rendezvous;
import io.cairn.router.replication.ReplicationService;
import io.cairn.runtime.exec.ObjectHost;
import io.cairn.runtime.spi.ActivationGuard;
import io.cairn.runtime.spi.ObjectMovedException;
import io.cairn.runtime.spi.StorageUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most one live instance of an object in the cluster: before this node activates an object it
 * must be the object's owner by placement and hold its ownership record. Taking the record from a
 * live holder goes through that holder ({@link Handoff#release}): it finishes its current event,
 * closes the object, ships everything to object storage and marks the record released; only then
 * does the record move here, with the epoch raised. A holder that is gone (crashed) is taken over
 * directly; its unshipped writes are lost until replication lands (storage relay II).
 *
 * <p>Runs on the object's own thread ({@link ActivationGuard} contract) and may block there.
 */
public final class Ownership implements ActivationGuard {

    private static final Logger LOG = LoggerFactory.getLogger(Ownership.class);

    private final Membership membership;
    private final OwnershipTable table;
    private final LocalCopies copies;
    private final ObjectHost host;
    private final Handoff handoff;
    private final Duration handoffTimeout;
    private final ReplicationService replication;
    private final int replicas;
    private final java.util.function.BooleanSupplier frozenRecently;

    /**
     * @param replication null without peer replication (objects then move through object storage only)
     * @param replicas    replica set size per object
     */
    public Ownership(Membership membership, OwnershipTable table, LocalCopies copies, ObjectHost host, Handoff handoff,
                     Duration handoffTimeout, ReplicationService replication, int replicas,
                     java.util.function.BooleanSupplier frozenRecently) {
        this.frozenRecently = frozenRecently;
        this.membership = membership;
        this.table = table;
        this.copies = copies;
        this.host = host;
        this.handoff = handoff;
        this.handoffTimeout = handoffTimeout;
        this.replication = replication;
        this.replicas = replicas;
    }

    /** The members that should hold replicas of {@code id} now: the next ones after the owner in its ranking. */
    public List<MemberInfo> replicaSet(ObjectId id, ClusterView view) {
        return Rendezvous.ranking(id, view.owners()).stream()
                .filter(m -> !m.nodeId().equals(membership.nodeId()) && m.replicationAddress() != null)
                .limit(replicas).toList();
    }

    /** The owner of {@code id} by placement in the current view, if any member may own objects. */
    public Optional<MemberInfo> owner(ObjectId id) {
        return Rendezvous.owner(id, membership.view().owners());
    }

    public boolean isOwner(ObjectId id) {
        return owner(id).map(m -> m.nodeId().equals(membership.nodeId())).orElse(false);
    }

    @Override
    public void beforeActivate(ObjectId id) {
        if (frozenRecently.getAsBoolean()) {
            // Its view of the cluster may be stale: it could take objects the others moved meanwhile.
            throw new ObjectMovedException(id + ": this node was frozen and is waiting for the cluster to settle;"
                    + " retry shortly", null, null);
        }
        long deadline = System.nanoTime() + handoffTimeout.toNanos();
        long backoffMs = 25;
        String self = membership.nodeId();
        while (true) {
            ClusterView view = membership.view();
            MemberInfo owner = Rendezvous.owner(id, view.owners()).orElse(null);
            if (owner == null) {
                throw new StorageUnavailableException("no cluster member can own " + id + " yet (the node is starting,"
                        + " leaving or alone and not yet listening); retry shortly", null);
            }
            if (!owner.nodeId().equals(self)) {
                throw new ObjectMovedException(id + " is owned by " + owner.nodeId() + " (" + owner.httpAddress()
                        + "); retry there or through any node", owner.nodeId(), owner.httpAddress());
            }
            String waitingFor = tryAcquire(id, view);
            if (waitingFor == null) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new ObjectMovedException(id + " is moving to this node but " + waitingFor + " has not handed it over"
                        + " within " + handoffTimeout.toSeconds() + " s; retry shortly", self, null);
            }
            sleep(backoffMs + ThreadLocalRandom.current().nextLong(backoffMs));
            backoffMs = Math.min(backoffMs * 2, 400);
        }
    }

    /** One attempt to hold the record; null when held, else what we wait for. */
    private String tryAcquire(ObjectId id, ClusterView view) {
        String self = membership.nodeId();
        OptionalLong local = copies.epoch(id);
        OwnerRecord rec = table.get(id).orElse(null);
        LOG.debug("{}: acquiring; record {}, local copy epoch {}, view {}", id, rec, local, view.owners().stream()
                .map(MemberInfo::nodeId).toList());
        if (rec == null) {
            OwnerRecord mine = OwnerRecord.held(self, local.orElse(0) + 1, List.of());
            if (!table.claimNew(id, mine)) {
                return "a concurrent claim";
            }
            // No record: the object is new to the cluster (or records were lost with every backup).
            return serve(id, mine, view, true);
        }
        if (rec.heldBy(self)) {
            if (local.isEmpty() || local.getAsLong() != rec.epoch()) {
                discardLocal(id, "the record says this node holds it at epoch " + rec.epoch() + " but the local copy is of epoch "
                        + (local.isPresent() ? local.getAsLong() : "none"));
            }
            if (replication == null) {
                copies.set(id, rec.epoch());
                return null;
            }
            // Every activation elects anew: the replica set follows the membership, and a stale
            // instance of this node from before a restart can never be acknowledged again.
            OwnerRecord next = rec.withEpoch(rec.epoch() + 1);
            if (!table.replace(id, rec, next)) {
                return "a concurrent move";
            }
            copies.set(id, next.epoch());
            return serve(id, next, view, false);
        }
        if (!rec.released() && view.isAlive(rec.nodeId())) {
            MemberInfo holder = view.member(rec.nodeId()).orElseThrow();
            Handoff.Outcome outcome = handoff.requestRelease(holder, id, handoffTimeout);
            return outcome == Handoff.Outcome.RELEASED ? "the record update" : holder.nodeId() + " (" + outcome + ")";
        }
        OwnerRecord mine = OwnerRecord.held(self, rec.epoch() + 1, rec.replicaSet());
        if (!table.replace(id, rec, mine)) {
            return "a concurrent move";
        }
        boolean current = rec.nodeId().equals(self) && rec.released() && local.isPresent() && local.getAsLong() == rec.epoch();
        if (!current) {
            discardLocal(id, rec.released() ? "it was handed over by " + rec.nodeId() + " at epoch " + rec.epoch()
                    : "its holder " + rec.nodeId() + " is gone");
            if (!rec.released() && replication == null) {
                LOG.warn("{}: taking over from {} which left without handing it over; its writes not yet in object storage"
                        + " are lost (epoch {} -> {})", id, rec.nodeId(), rec.epoch(), mine.epoch());
            } else if (!rec.released()) {
                LOG.info("{}: taking over from {} which left without handing it over; its acknowledged writes come from"
                        + " the replicas (epoch {} -> {})", id, rec.nodeId(), rec.epoch(), mine.epoch());
            }
        }
        return serve(id, mine, view, false);
    }

    /**
     * The record names this node at {@code rec}'s epoch: with replication, win the replicas over and
     * catch up before serving; the record then names the replica set now in use.
     */
    private String serve(ObjectId id, OwnerRecord rec, ClusterView view, boolean freshClaim) {
        copies.set(id, rec.epoch());
        if (replication == null) {
            return null;
        }
        for (int round = 0; round < 4; round++) {
            List<MemberInfo> set = replicaSet(id, view);
            List<String> previous = rec.replicaSet().stream().map(view::member).flatMap(java.util.Optional::stream)
                    .map(MemberInfo::replicationAddress).filter(java.util.Objects::nonNull).toList();
            if (!rec.replicaSet().isEmpty() && previous.isEmpty()) {
                throw new StorageUnavailableException(id + ": none of its replicas " + rec.replicaSet()
                        + " is reachable; it is served again once a quorum of them is back", null);
            }
            ReplicationService.Outcome outcome = replication.takeOver(id, rec.epoch(), previous,
                    set.stream().map(MemberInfo::replicationAddress).toList(), host.pathFor(id));
            switch (outcome) {
                case ReplicationService.Outcome.EpochTooLow low -> {
                    if (freshClaim && !recordLostLongEnough(id)) {
                        table.withdraw(id, rec);   // the next attempt claims afresh, so the wait can end
                        // No record, yet the replicas promised a newer owner: most likely this node cannot
                        // see the record (it was paused or is cut off), not a lost record. Wait before
                        // believing the record is gone, or a live owner would be deposed.
                        throw new ObjectMovedException(id + " has an owner this node cannot see yet (the replicas promised epoch "
                                + (low.needed() - 1) + "); retry shortly", null, null);
                    }
                    if (!freshClaim) {
                        // The replicas promised a newer owner than the record this node read: its view of
                        // the cluster is stale (it was paused or cut off). Taking a still higher epoch would
                        // depose a live owner; wait for the membership to settle instead.
                        throw new ObjectMovedException(id + " has a newer owner than this node knows of (the replicas promised epoch "
                                + (low.needed() - 1) + "); retry shortly", null, null);
                    }
                    LOG.warn("{}: its ownership record was lost; claiming it above the replicas' promised epoch {}", id, low.needed() - 1);
                    OwnerRecord next = rec.withEpoch(low.needed());
                    if (!table.replace(id, rec, next)) {
                        return "a concurrent move";
                    }
                    rec = next;
                    copies.set(id, rec.epoch());
                }
                case ReplicationService.Outcome.ReadOnly readOnly -> {
                    return null;   // the record keeps its replica set: nothing new was replicated
                }
                case ReplicationService.Outcome.Serving serving -> {
                    OwnerRecord next = rec.withReplicaSet(set.stream().map(MemberInfo::nodeId).toList());
                    if (!table.replace(id, rec, next)) {
                        replication.closed(id);
                        return "a concurrent move";
                    }
                    return null;
                }
            }
        }
        throw new StorageUnavailableException(id + ": the replicas kept promising higher epochs; retry shortly", null);
    }

    /** First time (nanos) a fresh claim met a higher promised epoch, per object. */
    private final java.util.Map<ObjectId, Long> missingRecordSince = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Whether a fresh claim has kept meeting a higher promise for longer than a stale view lasts
     * (twice the handoff timeout): only then is the record taken as lost.
     */
    private boolean recordLostLongEnough(ObjectId id) {
        long now = System.nanoTime();
        long since = missingRecordSince.computeIfAbsent(id, k -> now);
        if (now - since > 2 * handoffTimeout.toNanos()) {
            missingRecordSince.remove(id);
            return true;
        }
        return false;
    }

    private void discardLocal(ObjectId id, String why) {
        if (java.nio.file.Files.exists(host.pathFor(id))) {
            LOG.info("{}: discarding this node's stale copy: {}", id, why);
        }
        host.storageHooks().discardLocal(id, host.pathFor(id));
        copies.remove(id);
    }

    private static void sleep(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("interrupted while waiting for ownership", e);
        }
    }
}
