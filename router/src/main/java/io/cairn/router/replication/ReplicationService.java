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

        /** Too few replicas answer, but this node's own copy is the committed state: serve reads, refuse writes. */
        record ReadOnly(String reason) implements Outcome { }
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
    private final Map<ObjectId, String> readOnly = new ConcurrentHashMap<>();
    /** The committed txid this node's own replicator reached when the object last closed here. */
    private final Map<ObjectId, Long> ownCommitted = new ConcurrentHashMap<>();
    private volatile java.util.function.Consumer<ObjectId> evict = id -> { };
    private volatile java.util.function.Predicate<String> memberAlive = address -> true;
    private volatile io.micrometer.core.instrument.Timer quorumWait;

    private final Path seedDir;

    public ReplicationService(ClusterOptions options, Path dataDir, StorageRelay relay) {
        this.options = options;
        this.seedDir = dataDir.resolve("replica-seeds");
        deleteLeftoverSeeds(seedDir);
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

    /** How a read-only object is closed after refusing a write, so its next event tries the replicas again. */
    public void onReadOnlyWrite(java.util.function.Consumer<ObjectId> evictObject) {
        this.evict = evictObject;
    }

    /** Records how long each commit waits for its quorum ({@code cairn_replication_quorum_wait_seconds}). */
    public void metrics(io.micrometer.core.instrument.MeterRegistry registry) {
        this.quorumWait = io.micrometer.core.instrument.Timer.builder("cairn_replication_quorum_wait")
                .description("time from capture until a quorum of replicas holds a commit")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    /** Whether a replica address belongs to a member the cluster currently counts as alive. */
    public void memberAlive(java.util.function.Predicate<String> alive) {
        this.memberAlive = alive;
    }

    /** Seed copies left by a crash are never reused: each seeding rebuilds its own. */
    private static void deleteLeftoverSeeds(Path dir) {
        if (!java.nio.file.Files.isDirectory(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
            for (Path f : files.toList()) {
                java.nio.file.Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete leftover replica seeds in {}: {}", dir, e.toString());
        }
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
        Long closedCommitted = committedWhenClosed.get(id);
        // The election runs while the local copy is prepared (which may restore it from object storage).
        CompletableFuture<ElectionResult> election = electors.size() < options.quorum()
                ? CompletableFuture.failedFuture(new QuorumUnavailableException(key, -1, electors.size(), options.quorum()))
                : this.election.prepare(key, epoch, electors, options.quorum());
        io.cairn.relay.RelayTakeover.LocalCopy local = relay.takeover().prepare(id, dbFile);
        long localTxid = local.txid();
        // What the local copy holds that is known to be committed: all of it when it came from object
        // storage; up to the last replicator's committed txid when this node kept its own copy.
        long knownCommitted = local.restored() ? localTxid
                : closedCommitted == null ? -1 : Math.min(closedCommitted, localTxid);
        // Commits fetched below ship to object storage only once this epoch's quorum confirmed them.
        committedWhenClosed.put(id, knownCommitted);
        // This node was the last owner and its copy is exactly what the quorum acknowledged (a copy
        // restored from object storage may be older than what the replicas hold: never served alone).
        Long own = ownCommitted.get(id);
        boolean ownCommittedCopy = !local.restored() && own != null && own == localTxid && localTxid >= 0;
        if (electors.size() < options.quorum() || targets.size() < options.quorum()) {
            String why = id + " needs " + options.quorum() + " replicas but only " + Math.min(electors.size(), targets.size())
                    + " members can hold them; writes resume when members return";
            if (ownCommittedCopy) {
                return readOnly(id, why);
            }
            throw new StorageUnavailableException(why, null);
        }
        ElectionResult won;
        try {
            won = election.get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof FencedException f) {
                return new Outcome.EpochTooLow(f.higherEpoch() + 1);
            }
            StorageUnavailableException u = unavailable(id, "the replicas did not promise epoch " + epoch, e.getCause());
            if (ownCommittedCopy) {
                return readOnly(id, u.getMessage());
            }
            throw u;
        } catch (InterruptedException | TimeoutException e) {
            StorageUnavailableException u = unavailable(id, "the replicas did not promise epoch " + epoch + " in time", e);
            if (ownCommittedCopy) {
                return readOnly(id, u.getMessage());
            }
            throw u;
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
            CatchUp cu = this.election.catchUp(won, localTxid).get(30, TimeUnit.SECONDS);
            if (!cu.commits().isEmpty()) {
                ownCommitted.remove(id);
            }
            relay.takeover().applyCaughtUp(id, dbFile, cu.replaceDatabase(), cu.commits());
            RecentCommits recent = new RecentCommits(4096, 64L << 20);
            cu.commits().forEach(recent::add);
            QuorumReplicator replicator = QuorumReplicator.start(vertx, client,
                    won.replicatorConfig(targets, options.quorum(), options.handoffTimeout(), Duration.ofSeconds(2)), recent,
                    seedsFromObjectStorage(id));
            Replicated r = new Replicated(replicator, recent);
            replicator.awaitQuorum(won.base().txid()).get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            active.put(id, r);
            committedWhenClosed.remove(id);
            LOG.info("{}: serving at epoch {} from txid {} with replicas {}", id, epoch, won.base().txid(), replicaSet);
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

    private Outcome readOnly(ObjectId id, String reason) {
        readOnly.put(id, reason);
        LOG.warn("{}: serving reads only: {}", id, reason);
        return new Outcome.ReadOnly(reason);
    }

    private static final class StorageUnavailable extends StorageUnavailableException {
        StorageUnavailable(ObjectId id, String what) {
            super(id + ": " + what, null);
        }
    }

    /**
     * A replica that has nothing (new to the set, or its disk was wiped) is seeded with the newest
     * state in object storage (page for page the database at that txid; only quorum-held commits are
     * ever shipped), then catches up from the recent commits.
     */
    private io.cairn.relay.replication.SnapshotSource seedsFromObjectStorage(ObjectId id) {
        Path dir = seedDir;
        return () -> {
            java.util.Optional<io.cairn.relay.RelayTakeover.StoredCopy> copy = relay.takeover().latestStoredCopy(id, dir);
            if (copy.isEmpty()) {
                return java.util.Optional.empty();
            }
            io.cairn.relay.RelayTakeover.StoredCopy c = copy.get();
            return java.util.Optional.of(io.cairn.relay.replication.DatabaseSnapshot.ofFile(c.file(), c.txid(), c.pageSize(), true));
        };
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
    public void beforeCommit(ObjectId id) {
        String reason = readOnly.get(id);
        if (reason != null) {
            evict.accept(id);
            throw new StorageUnavailableException(id + " takes no writes until a quorum of its replicas answers (" + reason
                    + "); reads go on", null);
        }
        Replicated r = active.get(id);
        if (r == null) {
            return;
        }
        // Membership notices a dead member within a second or so, before any link to it fails: a write is
        // then refused before it commits, and the object keeps serving reads of the acknowledged state.
        long reachable = r.replicator.status().stream()
                .filter(s -> s.state() != ReplicaStatus.State.BACKOFF && memberAlive.test(s.address().toString())).count();
        if (reachable < options.quorum()) {
            // The next event re-activates it: a new election over the members alive by then.
            evict.accept(id);
            throw new StorageUnavailableException(id + " takes no writes now: " + reachable + " of its replicas answer and "
                    + options.quorum() + " must hold each write; reads go on, writes resume when they are back", null);
        }
    }

    @Override
    public void captured(ObjectId id, CommitRecord record) {
        Replicated r = active.get(id);
        if (r != null) {
            r.recent.add(record);
            CompletableFuture<Void> f = r.replicator.replicate(record);
            io.micrometer.core.instrument.Timer timer = quorumWait;
            if (timer != null) {
                long start = System.nanoTime();
                f.whenComplete((v, err) -> {
                    if (err == null) {
                        timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                    }
                });
            }
            r.last = f;
        }
    }

    /** Completes once a quorum holds the object's latest captured commit (at once without replication). */
    public CompletableFuture<Void> durable(ObjectId id) {
        Replicated r = active.get(id);
        if (r == null) {
            // Only activations that won an election commit: a commit without a replicator is a bug.
            return CompletableFuture.failedFuture(new StorageUnavailableException(id
                    + ": no replicator for this object on this node; the commit is not acknowledged", null));
        }
        return r.last;
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
        readOnly.remove(id);
        Replicated r = active.remove(id);
        if (r != null) {
            committedWhenClosed.put(id, r.replicator.committedTxid());
            ownCommitted.put(id, r.replicator.committedTxid());
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
