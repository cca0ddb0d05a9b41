package io.cairn.relay.replication;

import io.cairn.relay.capture.CommitRecord;
import io.cairn.relay.replication.Message.Ack;
import io.cairn.relay.replication.Message.Append;
import io.cairn.relay.replication.Message.Nack;
import io.cairn.relay.replication.Message.Reason;
import io.cairn.relay.replication.Message.Response;
import io.cairn.relay.replication.ReplicaStatus.State;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Replicates one owned object's commits to its replica set; a commit is durable once {@code quorum}
 * replicas acknowledged holding it (each fsynced it).
 *
 * <p><b>Pipelining.</b> {@link #replicate} returns at once; up to {@value #MAX_IN_FLIGHT} Appends per
 * replica are in flight, and commits waiting for a replica go out together as one Append batch. Commits
 * a replica lacks that are no longer buffered are read from the {@link CatchUpSource}; a replica needing
 * commits older than that is seeded with an image from the {@link SnapshotSource} ({@link CatchUpDriver}).
 *
 * <p><b>Completion contract.</b> A future from {@link #replicate} or {@link #awaitQuorum} completes
 * normally once a quorum acknowledged that txid or a later one; exceptionally with
 * {@link FencedException} as soon as any replica reports a higher promised epoch (then every pending and
 * later future fails so, and nothing is sent any more: a superseded owner never sees a success), or with
 * {@link QuorumUnavailableException} after {@code ackTimeout}. Futures complete on the replicator's
 * event-loop context: callers must not block in their callbacks.
 *
 * <p>Thread-safe: public methods may be called from any thread; all state is confined to one context.
 */
public final class QuorumReplicator implements AutoCloseable {

    static final int MAX_IN_FLIGHT = 8;
    static final int MAX_BATCH_COMMITS = 256;
    static final long MAX_BATCH_BYTES = 4L << 20;
    static final long MAX_BUFFER_BYTES = 64L << 20;

    private final Vertx vertx;
    private final Context context;
    private final ReplicationClient client;
    private final ReplicatorConfig config;
    private final CatchUpDriver catchUp;
    private final CommitWaiters waiters;
    private final List<ReplicaLink> links = new ArrayList<>();
    private final CommitBuffer buffer = new CommitBuffer();
    private long lastTxid;
    private long committed;
    private RuntimeException stopped;
    private volatile List<ReplicaStatus> status = List.of();
    private volatile long committedView;
    private volatile FencedException fencedView;

    private QuorumReplicator(Vertx vertx, ReplicationClient client, ReplicatorConfig config, CatchUpSource source,
                             SnapshotSource snapshots) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.client = client;
        this.config = config;
        this.catchUp = new CatchUpDriver(this, vertx, context, client, source, snapshots);
        this.waiters = new CommitWaiters(vertx, config.ackTimeout(), t -> new QuorumUnavailableException(
                config.objectKey(), t, (int) links.stream().filter(l -> l.match >= t).count(), config.quorum()));
        this.lastTxid = config.lastTxid();
        this.committed = config.quorum() == 0 ? config.lastTxid() : config.committedTxid();
        this.committedView = committed;
        config.replicas().forEach(a -> links.add(new ReplicaLink(a, config.lastTxid() + 1)));
    }

    /**
     * Starts replicating: every replica is probed at once (an empty Append tells where it stands and
     * truncates what diverges from this owner's history). After an election, call
     * {@link #awaitQuorum}{@code (config.lastTxid())} before serving. Replicas the source cannot catch up
     * stay {@link ReplicaStatus.State#NEEDS_SNAPSHOT}.
     */
    public static QuorumReplicator start(Vertx vertx, ReplicationClient client, ReplicatorConfig config,
                                         CatchUpSource source) {
        return start(vertx, client, config, source, SnapshotSource.NONE);
    }

    /**
     * Starts replicating, seeding replicas that need commits older than {@code source} holds with images
     * from {@code snapshots} (see {@link SnapshotSource} for its threading).
     */
    public static QuorumReplicator start(Vertx vertx, ReplicationClient client, ReplicatorConfig config,
                                         CatchUpSource source, SnapshotSource snapshots) {
        QuorumReplicator r = new QuorumReplicator(vertx, client, config, source, snapshots);
        r.context.runOnContext(v -> {
            r.links.forEach(r::pump);
            r.publish();
        });
        return r;
    }

    /** Hands over the next commit (txid = last + 1); see the class comment for the future. */
    public CompletableFuture<Void> replicate(CommitRecord c) {
        return whenRunning(f -> {
            if (c.txid() != lastTxid + 1) {
                f.completeExceptionally(new IllegalArgumentException("object " + config.objectKey() + ": txid "
                        + c.txid() + " does not follow " + lastTxid));
                return;
            }
            buffer.add(c);
            lastTxid = c.txid();
            if (config.quorum() == 0) {
                advanceTo(lastTxid);
            }
            waiters.add(c.txid(), committed, f);
            links.forEach(this::pump);
            publish();
        });
    }

    /** Completes once a quorum holds {@code txid} (same contract as {@link #replicate}). */
    public CompletableFuture<Void> awaitQuorum(long txid) {
        return whenRunning(f -> waiters.add(txid, committed, f));
    }

    /** A future that fails at once when stopped; otherwise {@code action} gets it on the context. */
    private CompletableFuture<Void> whenRunning(Consumer<CompletableFuture<Void>> action) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        context.runOnContext(v -> {
            if (stopped != null) {
                f.completeExceptionally(stopped);
            } else {
                action.accept(f);
            }
        });
        return f;
    }

    /** Per-replica positions and lag, as of the last event (safe from any thread). */
    public List<ReplicaStatus> status() {
        return status;
    }

    /** The highest txid known to be held by a quorum. */
    public long committedTxid() {
        return committedView;
    }

    /** The fencing that stopped this replicator, or null. */
    public FencedException fenced() {
        return fencedView;
    }

    public ReplicatorConfig config() {
        return config;
    }

    /** The owner's last txid (context only). */
    long lastTxid() {
        return lastTxid;
    }

    /** True once fenced or closed (context only). */
    boolean isStopped() {
        return stopped != null;
    }

    /** Sends what {@code link} lacks, up to the in-flight limit; links being caught up are left alone. */
    void pump(ReplicaLink link) {
        if (stopped != null || link.state == State.BACKOFF || link.state == State.CATCHING_UP
                || link.state == State.NEEDS_SNAPSHOT || link.state == State.SEEDING) {
            return;
        }
        while (link.inFlight < MAX_IN_FLIGHT) {
            if (link.next <= lastTxid) {
                List<CommitRecord> batch = buffer.batch(link.next, MAX_BATCH_COMMITS, MAX_BATCH_BYTES);
                if (batch.isEmpty()) {
                    catchUp.catchUp(link);
                    return;
                }
                send(link, link.next - 1, batch);
                link.next += batch.size();
            } else if (link.inFlight == 0 && (link.state == State.PROBING || committed > link.toldCommitted)) {
                send(link, link.next - 1, List.of());   // a probe, or news of the committed txid
                return;
            } else {
                return;
            }
        }
    }

    void send(ReplicaLink link, long prevTxid, List<CommitRecord> commits) {
        int generation = link.generation;
        link.inFlight++;
        link.toldCommitted = committed;
        Append a = new Append(config.objectKey(), config.epoch(), config.history(), prevTxid, committed, commits);
        client.request(link.address, a, config.requestTimeout())
                .onComplete(ar -> context.runOnContext(v -> answered(link, generation, ar)));
    }

    private void answered(ReplicaLink link, int generation, AsyncResult<Response> ar) {
        link.inFlight--;
        if (stopped != null) {
            return;
        }
        if (ar.failed()) {
            failed(link, generation, String.valueOf(ar.cause()));
        } else {
            switch (ar.result()) {
                case Ack ack -> acked(link, generation, ack);
                case Nack n when n.reason() == Reason.STALE_EPOCH && n.promisedEpoch() > config.epoch() ->
                        fence(n.promisedEpoch());
                case Nack n when n.reason() == Reason.BEHIND -> {
                    if (generation == link.generation) {
                        link.rewind(Math.min(n.resendFrom(), lastTxid + 1), State.STREAMING);
                    }
                    pump(link);
                }
                case Nack n -> failed(link, generation, n.reason() + ": " + n.detail());
                default -> failed(link, generation, "unexpected answer " + ar.result());
            }
        }
        publish();
    }

    /** Takes an acknowledgement of {@code link}'s position; may advance the committed txid. */
    void acked(ReplicaLink link, int generation, Ack ack) {
        link.lastAckMillis = System.currentTimeMillis();
        link.lastError = null;
        link.backoffMillis = 0;
        link.appliedTxid = ack.appliedTxid();
        long held = Math.min(ack.position().txid(), lastTxid);
        if (held > link.match) {
            link.match = held;
        }
        if (generation == link.generation && link.next <= link.match) {
            link.next = link.match + 1;
        }
        if (link.state == State.PROBING) {
            link.state = State.STREAMING;
        }
        if (config.quorum() > 0) {
            long[] matches = links.stream().mapToLong(l -> l.match).sorted().toArray();
            advanceTo(matches[matches.length - config.quorum()]);
        }
        pump(link);
    }

    private void advanceTo(long txid) {
        if (txid <= committed) {
            return;
        }
        committed = txid;
        committedView = txid;
        waiters.completeUpTo(txid);
        long everyone = links.stream().mapToLong(l -> l.match).min().orElse(committed);
        // Keep what some replica still lacks, within a bound; laggards beyond it read from the source.
        buffer.trim(everyone, committed, MAX_BUFFER_BYTES);
        links.forEach(this::pump);
    }

    /** Backs {@code link} off after a failure of an exchange of {@code generation}, then probes it. */
    void failed(ReplicaLink link, int generation, String error) {
        link.lastError = error;
        if (generation != link.generation || link.state == State.BACKOFF) {
            pump(link);
            return;
        }
        vertx.setTimer(link.backOff(link.match >= 0 ? link.match + 1 : lastTxid + 1), t -> {
            link.state = State.PROBING;
            pump(link);
            publish();
        });
    }

    /** Stops for good: a replica promised {@code higherEpoch}. */
    void fence(long higherEpoch) {
        FencedException e = new FencedException(config.objectKey(), config.epoch(), higherEpoch);
        fencedView = e;
        stop(e);
    }

    private void stop(RuntimeException e) {
        stopped = e;
        waiters.failAll(e);
        buffer.clear();
    }

    /** Publishes the links' status for {@link #status()}. */
    void publish() {
        List<ReplicaStatus> s = new ArrayList<>(links.size());
        links.forEach(l -> s.add(l.status(lastTxid)));
        status = List.copyOf(s);
    }

    /** Stops replicating; pending futures fail with an IllegalStateException. Connections stay (shared). */
    @Override
    public void close() {
        context.runOnContext(v -> {
            if (stopped == null) {
                stop(new IllegalStateException("replicator of " + config.objectKey() + " closed"));
            }
        });
    }
}
