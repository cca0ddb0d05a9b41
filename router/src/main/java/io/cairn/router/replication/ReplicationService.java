package io.cairn.router.replication;

import io.cairn.api.ObjectId;
import io.cairn.relay.CommitListener;
import io.cairn.relay.StorageRelay;
import io.cairn.relay.capture.CommitRecord;
import io.cairn.relay.replication.CatchUp;
import io.cairn.relay.replication.ElectionResult;
import io.cairn.relay.replication.EpochElection;
import io.cairn.relay.replication.FencedException;
import io.cairn.relay.replication.QuorumReplicator;
import io.cairn.relay.replication.QuorumUnavailableException;
import io.cairn.relay.replication.ReplicaAddress;
import io.cairn.relay.replication.ReplicaServer;
import io.cairn.relay.replication.ReplicaStatus;
import io.cairn.relay.replication.ReplicaStore;
import io.cairn.relay.replication.ReplicationClient;
import io.cairn.router.ClusterOptions;
import io.cairn.runtime.spi.StorageUnavailableException;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage relay II on one node: this node's replica server (holding other owners' commits) and,
 * for each object this node owns, a replicator that sends every captured commit to the object's
 * replica set and completes once a quorum holds it.
 *
 * <p>Threads: {@link #takeOver} runs on the object's thread and blocks; {@link #captured} and
 * {@link #closed} run on the object's thread and never block; {@link #durable} and
 * {@link #shippable} may be called from any thread.
 */
public final class ReplicationService implements CommitListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationService.class);
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(5);

    /** A replicator of an object this node owns, and the future of its last captured commit. */
    private static final class Replicated {
        final QuorumReplicator replicator;
        final RecentCommits recent;
        volatile CompletableFuture<Void> last = CompletableFuture.completedFuture(null);

        Replicated(QuorumReplicator replicator, RecentCommits recent) {
            this.replicator = replicator;
            this.recent = recent;
        }
    }

    /** What a takeover produced, or the epoch it must be retried with. */
    public sealed interface Outcome {
        record Serving(List<String> replicaSet, long baseTxid) implements Outcome { }

        record EpochTooLow(long needed) implements Outcome { }
    }

    private final ClusterOptions options;
    private final StorageRelay relay;
    private final Vertx vertx;
    private final ReplicaStore store;
    private final ReplicaServer server;
    private final ReplicationClient client;
    private final EpochElection election;
    private final Map<ObjectId, Replicated> active = new ConcurrentHashMap<>();
    private final Map<ObjectId, Long> committedWhenClosed = new ConcurrentHashMap<>();

    public ReplicationService(ClusterOptions options, Path dataDir, StorageRelay relay) {
        this.options = options;
        this.relay = relay;
        this.vertx = Vertx.vertx();
        try {
            this.store = ReplicaStore.open(dataDir.resolve("replica"), ReplicaStore.Options.DEFAULTS);
            int port = options.replicationPort() >= 0 ? options.replicationPort() : 0;
            this.server = ReplicaServer.start(vertx, store, options.clusterHost(), port).toCompletionStage()
                    .toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (IOException e) {
            vertx.close();
            throw new UncheckedIOException("cannot open the replica store under " + dataDir + ": " + e.getMessage(), e);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            vertx.close();
            throw new IllegalStateException("cannot start the replica server on " + options.clusterHost() + ":"
                    + options.replicationPort() + " (pick another --replication-port): " + e.getMessage(), e);
        }
        this.client = new ReplicationClient(vertx, Duration.ofSeconds(1));
        this.election = new EpochElection(client, Duration.ofSeconds(2));
        relay.setCommitListener(this);
    }

    /** Where peers reach this node's replica server. */
    public String address() {
        return server.address().toString();
    }

    /**
     * Makes this node the serving owner of {@code id} at {@code epoch}: wins a promise from a
     * quorum of the previous replica set (so no older owner can get another commit acknowledged),
     * fetches what the local copy lacks, and starts replicating to {@code replicaSet} — returning
     * only once a quorum of it holds everything up to the election's base.
     *
     * @param previousSet replica addresses of the previous epoch (empty for a new object)
     * @param replicaSet  replica addresses to use from now on
     * @throws StorageUnavailableException fewer replicas than the quorum answer; retry later
     */
    public Outcome takeOver(ObjectId id, long epoch, List<String> previousSet, List<String> replicaSet, Path dbFile) {
        closed(id);
        String key = key(id);
        List<ReplicaAddress> electors = (previousSet.isEmpty() ? replicaSet : previousSet).stream().map(ReplicaAddress::parse).toList();
        List<ReplicaAddress> targets = replicaSet.stream().map(ReplicaAddress::parse).toList();
        if (electors.size() < options.quorum() || targets.size() < options.quorum()) {
            throw new StorageUnavailableException(id + " needs " + options.quorum() + " replicas but only "
                    + Math.min(electors.size(), targets.size()) + " members can hold them; writes resume when members return", null);
        }
        Long closedCommitted = committedWhenClosed.get(id);
        StorageRelay.LocalCopy local = relay.prepareTakeover(id, dbFile);
        long localTxid = local.txid();
        // What the local copy holds that is known to be committed: all of it when it came from object
        // storage; up to the last replicator's committed txid when this node kept its own copy.
        long knownCommitted = local.restored() ? localTxid
                : closedCommitted == null ? -1 : Math.min(closedCommitted, localTxid);
        // Commits fetched below ship to object storage only once this epoch's quorum confirmed them.
        committedWhenClosed.put(id, knownCommitted);
        ElectionResult won;
        try {
            won = election.prepare(key, epoch, electors, options.quorum()).get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FencedException f) {
                return new Outcome.EpochTooLow(f.higherEpoch() + 1);
            }
            throw unavailable(id, "the replicas did not promise epoch " + epoch, e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw unavailable(id, "the replicas did not promise epoch " + epoch + " in time", e);
        }
        if (knownCommitted > won.base().txid()) {
            throw new StorageUnavailable(id, "the replicas hold less (" + won.base().txid() + ") than committed history ("
                    + knownCommitted + "); wait for them to recover");
        }
        if (knownCommitted > won.committedTxid()) {
            // Replicas learn the committed txid one message late; what object storage or this node's
            // last replicator saw committed is committed: no need to refetch the whole database.
            won = new ElectionResult(won.objectKey(), won.epoch(), won.promises(), won.best(), won.base(), knownCommitted,
                    won.bestHistory());
        }
        try {
            CatchUp cu = election.catchUp(won, localTxid).get(30, TimeUnit.SECONDS);
            relay.applyCaughtUp(id, dbFile, cu.replaceDatabase(), cu.commits());
            RecentCommits recent = new RecentCommits(4096, 64L << 20);
            cu.commits().forEach(recent::add);
            QuorumReplicator replicator = QuorumReplicator.start(vertx, client,
                    won.replicatorConfig(targets, options.quorum(), options.handoffTimeout(), Duration.ofSeconds(2)), recent);
            Replicated r = new Replicated(replicator, recent);
            replicator.awaitQuorum(won.base().txid()).get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            active.put(id, r);
            committedWhenClosed.remove(id);
            LOG.debug("{}: serving at epoch {} from txid {} with replicas {}", id, epoch, won.base().txid(), replicaSet);
            return new Outcome.Serving(replicaSet, won.base().txid());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FencedException f) {
                return new Outcome.EpochTooLow(f.higherEpoch() + 1);
            }
            throw unavailable(id, "catching up from the replicas failed", e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw unavailable(id, "catching up from the replicas took too long", e);
        }
    }

    private static final class StorageUnavailable extends StorageUnavailableException {
        StorageUnavailable(ObjectId id, String what) {
            super(id + ": " + what, null);
        }
    }

    private static StorageUnavailableException unavailable(ObjectId id, String what, Throwable cause) {
        String detail = cause instanceof QuorumUnavailableException q
                ? q.acked() + " of " + q.needed() + " replicas answered" : String.valueOf(cause);
        return new StorageUnavailableException(id + ": " + what + " (" + detail + "); retry shortly", cause);
    }

    static String key(ObjectId id) {
        return id.namespace() + "/" + id.name();
    }

    @Override
    public void captured(ObjectId id, CommitRecord record) {
        Replicated r = active.get(id);
        if (r != null) {
            r.recent.add(record);
            r.last = r.replicator.replicate(record);
        }
    }

    /** Completes once a quorum holds the object's latest captured commit (at once without replication). */
    public CompletableFuture<Void> durable(ObjectId id) {
        Replicated r = active.get(id);
        return r == null ? CompletableFuture.completedFuture(null) : r.last;
    }

    @Override
    public long shippable(ObjectId id) {
        Replicated r = active.get(id);
        if (r != null) {
            return r.replicator.committedTxid();
        }
        return committedWhenClosed.getOrDefault(id, Long.MAX_VALUE);
    }

    @Override
    public void closed(ObjectId id) {
        Replicated r = active.remove(id);
        if (r != null) {
            committedWhenClosed.put(id, r.replicator.committedTxid());
            r.replicator.close();
        }
    }

    /** Replica positions of an object this node owns and serves now (admin view). */
    public List<ReplicaStatus> status(ObjectId id) {
        Replicated r = active.get(id);
        return r == null ? List.of() : r.replicator.status();
    }

    /** What this node's replica store holds of {@code id} (admin views and tests). */
    public java.util.Optional<io.cairn.relay.replication.ReplicaStore.ReplicaView> replicaView(ObjectId id) {
        return store.view(key(id)).join();
    }

    /** How many objects replicate from this node now (metrics). */
    public int replicatingObjects() {
        return active.size();
    }

    /** The largest number of commits any replica of any object here is behind (metrics). */
    public long maxLagCommits() {
        long max = 0;
        for (Replicated r : active.values()) {
            for (ReplicaStatus s : r.replicator.status()) {
                max = Math.max(max, s.lagCommits());
            }
        }
        return max;
    }

    @Override
    public void close() {
        active.keySet().forEach(this::closed);
        try {
            server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("closing the replica server failed", e);
        }
        client.close();
        store.close();
        vertx.close();
    }
}
