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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * Replicates one owned object's commits to its replica set; a commit is durable once {@code quorum}
 * replicas acknowledged holding it (each fsynced it).
 *
 * <p><b>Pipelining.</b> {@link #replicate} returns at once; up to {@value #MAX_IN_FLIGHT} Appends per
 * replica are in flight, and commits waiting for a replica go out together as one Append batch. Commits
 * a replica lacks that are no longer buffered are read from the {@link CatchUpSource}.
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

    private record Waiter(CompletableFuture<Void> future, long timer) {
    }

    private final Vertx vertx;
    private final Context context;
    private final ReplicationClient client;
    private final ReplicatorConfig config;
    private final CatchUpSource source;
    private final List<ReplicaLink> links = new ArrayList<>();
    private final TreeMap<Long, CommitRecord> buffer = new TreeMap<>();
    private final TreeMap<Long, List<Waiter>> waiters = new TreeMap<>();
    private long bufferBytes;
    private long lastTxid;
    private long committed;
    private RuntimeException stopped;
    private volatile List<ReplicaStatus> status = List.of();
    private volatile long committedView;
    private volatile FencedException fencedView;

    private QuorumReplicator(Vertx vertx, ReplicationClient client, ReplicatorConfig config, CatchUpSource source) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.client = client;
        this.config = config;
        this.source = source;
        this.lastTxid = config.lastTxid();
        this.committed = config.quorum() == 0 ? config.lastTxid() : config.committedTxid();
        this.committedView = committed;
        config.replicas().forEach(a -> links.add(new ReplicaLink(a, config.lastTxid() + 1)));
    }

    /**
     * Starts replicating: every replica is probed at once (an empty Append tells where it stands and
     * truncates what diverges from this owner's history). After an election, call
     * {@link #awaitQuorum}{@code (config.lastTxid())} before serving.
     */
    public static QuorumReplicator start(Vertx vertx, ReplicationClient client, ReplicatorConfig config,
                                         CatchUpSource source) {
        QuorumReplicator r = new QuorumReplicator(vertx, client, config, source);
        r.context.runOnContext(v -> {
            r.links.forEach(r::pump);
            r.publish();
        });
        return r;
    }

    /** Hands over the next commit (txid = last + 1); see the class comment for the future. */
    public CompletableFuture<Void> replicate(CommitRecord c) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        context.runOnContext(v -> {
            if (stopped != null) {
                f.completeExceptionally(stopped);
                return;
            }
            if (c.txid() != lastTxid + 1) {
                f.completeExceptionally(new IllegalArgumentException("object " + config.objectKey() + ": txid "
                        + c.txid() + " does not follow " + lastTxid));
                return;
            }
            buffer.put(c.txid(), c);
            bufferBytes += c.payloadBytes();
            lastTxid = c.txid();
            if (config.quorum() == 0) {
                advanceTo(lastTxid);
            }
            await(c.txid(), f);
            links.forEach(this::pump);
            publish();
        });
        return f;
    }

    /** Completes once a quorum holds {@code txid} (same contract as {@link #replicate}). */
    public CompletableFuture<Void> awaitQuorum(long txid) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        context.runOnContext(v -> {
            if (stopped != null) {
                f.completeExceptionally(stopped);
            } else {
                await(txid, f);
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

    private void await(long txid, CompletableFuture<Void> f) {
        if (txid <= committed) {
            f.complete(null);
            return;
        }
        long timer = vertx.setTimer(config.ackTimeout().toMillis(), t -> timedOut(txid, f));
        waiters.computeIfAbsent(txid, k -> new ArrayList<>()).add(new Waiter(f, timer));
    }

    private void timedOut(long txid, CompletableFuture<Void> f) {
        List<Waiter> list = waiters.get(txid);
        if (list != null && list.removeIf(w -> w.future == f) && list.isEmpty()) {
            waiters.remove(txid);
        }
        int acked = (int) links.stream().filter(l -> l.match >= txid).count();
        f.completeExceptionally(new QuorumUnavailableException(config.objectKey(), txid, acked, config.quorum()));
    }

    private void pump(ReplicaLink link) {
        if (stopped != null || link.state == State.BACKOFF || link.state == State.CATCHING_UP
                || link.state == State.NEEDS_SNAPSHOT) {
            return;
        }
        while (link.inFlight < MAX_IN_FLIGHT) {
            if (link.next <= lastTxid) {
                List<CommitRecord> batch = fromBuffer(link.next);
                if (batch.isEmpty()) {
                    catchUp(link);
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

    private List<CommitRecord> fromBuffer(long from) {
        List<CommitRecord> batch = new ArrayList<>();
        long bytes = 0;
        for (long t = from; batch.size() < MAX_BATCH_COMMITS && bytes < MAX_BATCH_BYTES; t++) {
            CommitRecord c = buffer.get(t);
            if (c == null) {
                break;
            }
            batch.add(c);
            bytes += c.payloadBytes();
        }
        return batch;
    }

    private void catchUp(ReplicaLink link) {
        link.state = State.CATCHING_UP;
        int generation = link.generation;
        long from = link.next;
        long to = Math.min(lastTxid, from + MAX_BATCH_COMMITS - 1);
        context.executeBlocking(() -> source.commits(from, to, MAX_BATCH_BYTES), false).onComplete(ar -> {
            if (stopped != null) {
                return;
            }
            if (ar.failed()) {
                link.state = State.PROBING;
                failed(link, link.generation, "catch-up source: " + ar.cause());
            } else if (ar.result().isEmpty() || ar.result().getFirst().txid() != from) {
                link.state = State.NEEDS_SNAPSHOT;
                link.lastError = "commits from " + from + " are no longer held by the catch-up source";
            } else {
                link.state = State.STREAMING;
                if (generation == link.generation && link.next == from) {
                    List<CommitRecord> got = ar.result();
                    send(link, from - 1, got);
                    link.next = got.getLast().txid() + 1;
                }
                pump(link);
            }
            publish();
        });
    }

    private void send(ReplicaLink link, long prevTxid, List<CommitRecord> commits) {
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

    private void acked(ReplicaLink link, int generation, Ack ack) {
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
        Map<Long, List<Waiter>> done = waiters.headMap(txid, true);
        done.values().forEach(list -> list.forEach(w -> {
            vertx.cancelTimer(w.timer);
            w.future.complete(null);
        }));
        done.clear();
        long everyone = links.stream().mapToLong(l -> l.match).min().orElse(committed);
        // Keep what some replica still lacks, within a bound; laggards beyond it read from the source.
        while (!buffer.isEmpty() && (buffer.firstKey() <= everyone
                || (bufferBytes > MAX_BUFFER_BYTES && buffer.firstKey() <= committed))) {
            bufferBytes -= buffer.pollFirstEntry().getValue().payloadBytes();
        }
        links.forEach(this::pump);
    }

    private void failed(ReplicaLink link, int generation, String error) {
        link.lastError = error;
        if (generation != link.generation || link.state == State.BACKOFF) {
            pump(link);
            return;
        }
        link.rewind(link.match >= 0 ? link.match + 1 : lastTxid + 1, State.BACKOFF);
        link.backoffMillis = Math.min(2000, Math.max(50, link.backoffMillis * 2));
        vertx.setTimer(link.backoffMillis, t -> {
            link.state = State.PROBING;
            pump(link);
            publish();
        });
    }

    private void fence(long higherEpoch) {
        FencedException e = new FencedException(config.objectKey(), config.epoch(), higherEpoch);
        fencedView = e;
        stop(e);
    }

    private void stop(RuntimeException e) {
        stopped = e;
        waiters.values().forEach(list -> list.forEach(w -> {
            vertx.cancelTimer(w.timer);
            w.future.completeExceptionally(e);
        }));
        waiters.clear();
        buffer.clear();
    }

    private void publish() {
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
