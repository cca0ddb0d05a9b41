package io.cairn.relay.store;

import io.cairn.api.ObjectId;
import io.cairn.relay.capture.Spool;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships the sealed spool batches and snapshots of many objects to the object store with a small
 * shared pool.
 *
 * <p>One timer thread walks the registered objects a few times per batch age and hands the ones
 * with work to {@code options.threads()} workers: no thread per object, so thousands of objects
 * cost thousands of small records, not thousands of threads (a lesson Litestream users learned).
 * An object's batch is sealed and uploaded once its pending bytes reach
 * {@code options.maxBatchBytes()} or its oldest pending commit is {@code options.maxBatchAge()}
 * old. One object's uploads are strictly ordered (see {@link ShipLane}). When the store is down,
 * a shared circuit breaker ({@link StoreHealth}) pauses everyone and probes with one object at a
 * time, with exponential backoff and jitter; the spool keeps growing on local disk meanwhile, so
 * writes never wait for the store.
 *
 * <p>No LIST request is ever made here: keys are computed, meta existence is one HEAD.
 */
public final class Shipper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Shipper.class);
    private static final long MIN_TICK_MILLIS = 10;
    private static final long MAX_TICK_MILLIS = 1000;

    private final ShipContext ctx;
    private final StoreHealth health;
    private final Map<ObjectId, ShipLane> lanes = new ConcurrentHashMap<>();
    /** Unregistered lanes whose last run has not ended: a re-registered lane waits for them. */
    private final Map<ObjectId, ShipLane> retiring = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    private final ExecutorService workers;
    private volatile boolean closed;

    public Shipper(ObjectStore store, ObjectLayout layout, ShipperOptions options, Clock clock, MeterRegistry metrics) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(metrics, "metrics");
        RetryBackoff backoff = new RetryBackoff(options.retryBase(), options.retryMax());
        this.ctx = new ShipContext(store, layout, options, clock, new ShipperMetrics(metrics, this::backlogBytes), backoff);
        this.health = new StoreHealth(backoff);
        this.timer = Executors.newSingleThreadScheduledExecutor(threads("cairn-shipper-timer"));
        this.workers = Executors.newFixedThreadPool(options.threads(), threads("cairn-shipper"));
        long tick = Math.clamp(options.maxBatchAge().toMillis() / 4, MIN_TICK_MILLIS, MAX_TICK_MILLIS);
        timer.scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts watching an object's spool. Sealed batches left from before a restart are shipped
     * at the next tick.
     *
     * @throws IllegalStateException if the object is already registered
     */
    public void register(ObjectId id, Spool spool) {
        register(id, spool, () -> Long.MAX_VALUE);
    }

    /**
     * Like {@link #register(ObjectId, Spool)}, shipping only batches whose last txid is at most
     * {@code shippable} (read before each upload): with replication, only commits a quorum holds
     * may reach object storage, so a fenced old owner never uploads history the new one rewrote.
     */
    public void register(ObjectId id, Spool spool, java.util.function.LongSupplier shippable) {
        Objects.requireNonNull(spool, "spool");
        Objects.requireNonNull(shippable, "shippable");
        ensureOpen();
        lanes.compute(id, (key, existing) -> {
            if (existing != null) {
                throw new IllegalStateException(id + " is already registered with the shipper");
            }
            return new ShipLane(id, spool, retiring.get(id), shippable);
        });
    }

    /**
     * Stops watching an object (call after its final {@link #flush}). Anything still waiting for
     * it (flush or snapshot futures) fails; nothing more is uploaded for it.
     */
    public void unregister(ObjectId id) {
        ShipLane lane = lanes.remove(id);
        if (lane != null) {
            if (lane.busy()) {
                retiring.put(id, lane);
            }
            lane.retire(id + " was unregistered from the shipper");
        }
    }

    public boolean isRegistered(ObjectId id) {
        return lanes.containsKey(id);
    }

    /**
     * Seals what is pending now and uploads every sealed batch. Completes once all of it is in the
     * store, or exceptionally with a {@link TimeoutException} after {@code options.flushTimeout()}
     * (the upload keeps being retried in the background).
     */
    public CompletableFuture<Void> flush(ObjectId id) {
        ShipLane lane = lanes.get(id);
        if (lane == null) {
            return CompletableFuture.failedFuture(notRegistered(id));
        }
        CompletableFuture<Void> future = new CompletableFuture<>();
        lane.requestFlush(future);
        if (lane.retired()) {
            future.completeExceptionally(notRegistered(id));   // unregistered meanwhile: nobody would serve it
        }
        Duration timeout = ctx.options().flushTimeout();
        try {
            timer.schedule(() -> future.completeExceptionally(new TimeoutException("flush of " + id + " did not reach "
                    + ctx.layout().objectPrefix(id) + " within " + timeout.toMillis() + " ms; last error: "
                    + lane.lastError())), timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(new IllegalStateException("the shipper is closed"));
        }
        future.whenComplete((v, e) -> lane.forget(future));
        schedule(lane);
        return future;
    }

    /**
     * Compresses and uploads a database image as the snapshot at {@code txid}. The caller deletes
     * {@code dbImage} after the future completes (a compressed temp file is made next to it).
     * Retried until it succeeds; snapshots of one object go in request order, before its segments.
     */
    public CompletableFuture<Void> uploadSnapshot(ObjectId id, long txid, long timeMillis, Path dbImage) {
        Objects.requireNonNull(dbImage, "dbImage");
        ShipLane lane = lanes.get(id);
        if (lane == null) {
            return CompletableFuture.failedFuture(notRegistered(id));
        }
        ctx.layout().snapshotKey(id, txid, timeMillis);   // validates txid and time now, not in a worker
        CompletableFuture<Void> future = new CompletableFuture<>();
        lane.requestSnapshot(txid, timeMillis, dbImage, future);
        if (lane.retired()) {
            lane.dropSnapshots();
            future.completeExceptionally(notRegistered(id));
        }
        schedule(lane);
        return future;
    }

    /**
     * Writes the object's {@code meta.json} if the store does not have it (one HEAD, then a PUT if
     * missing), in the background, before the object's next upload; retried like uploads.
     *
     * @throws IllegalStateException if the object is not registered
     */
    public void writeMetaIfAbsent(ObjectId id, int pageSize) {
        ShipLane lane = lanes.get(id);
        if (lane == null) {
            throw notRegistered(id);
        }
        ObjectMeta.of(id, pageSize, ctx.clock().instant());   // validates the page size now
        lane.requestMeta(pageSize);
        schedule(lane);
    }

    /**
     * What of the object is not in the store yet, and how shipping it goes.
     *
     * @throws IllegalStateException if the object is not registered
     */
    public Backlog backlog(ObjectId id) {
        ShipLane lane = lanes.get(id);
        if (lane == null) {
            throw notRegistered(id);
        }
        return lane.backlog();
    }

    /** Whether the last uploads reached the store (false during an outage, until a probe succeeds). */
    public boolean storeHealthy() {
        return health.healthy();
    }

    public int registeredCount() {
        return lanes.size();
    }

    /** Stops the timer and workers. Does not flush: pending batches stay in the spools for next time. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        timer.shutdownNow();
        workers.shutdown();
        try {
            if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
                workers.shutdownNow();
                workers.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        for (ShipLane lane : lanes.values()) {
            lane.retire("the shipper was closed");
            lane.dropSnapshots();
        }
        lanes.clear();
        retiring.clear();
        ctx.metrics().close();
    }

    private void tick() {
        try {
            for (ShipLane lane : lanes.values()) {
                if (closed) {
                    return;
                }
                schedule(lane);
            }
        } catch (RuntimeException e) {
            // An exception would cancel the periodic task: log it and keep ticking.
            log.error("shipper tick failed", e);
        }
    }

    /** Hands the lane to a worker if it has work, is not running, and the store may be tried. */
    private void schedule(ShipLane lane) {
        if (closed) {
            return;
        }
        long now = ctx.clock().millis();
        if (!lane.due(now, ctx.options())) {
            return;
        }
        StoreHealth.Permit permit = health.permit(now);
        if (permit == StoreHealth.Permit.WAIT) {
            return;
        }
        boolean probe = permit == StoreHealth.Permit.PROBE;
        if (!lane.tryClaim()) {
            if (probe) {
                health.probeInconclusive(now);
            }
            return;
        }
        try {
            workers.execute(() -> runLane(lane, probe));
        } catch (RejectedExecutionException e) {
            lane.release();
            if (probe) {
                health.probeInconclusive(now);
            }
        }
    }

    private void runLane(ShipLane lane, boolean probe) {
        ShipLane.Outcome outcome = ShipLane.Outcome.LOCAL_FAILURE;
        try {
            outcome = lane.run(ctx);
        } finally {
            noteOutcome(lane, outcome, probe);
            lane.release();
            if (lane.retired()) {
                lane.dropSnapshots();
                retiring.remove(lane.id, lane);
            }
        }
        // Work asked for while this run was busy would otherwise wait for the next tick.
        if (lane.hasRequests()) {
            schedule(lane);
        }
    }

    private void noteOutcome(ShipLane lane, ShipLane.Outcome outcome, boolean probe) {
        long now = ctx.clock().millis();
        switch (outcome) {
            case STORE_ANSWERED -> {
                if (health.reachable()) {
                    log.info("object store {} answers again; shipping the backlog of {} objects", ctx.layout().objectsRoot(),
                            lanes.size());
                }
            }
            case STORE_DOWN -> {
                if (health.unreachable(now, probe)) {
                    log.warn("object store unreachable: pausing all uploads ({} objects registered), probing with backoff: {}",
                            lanes.size(), lane.lastError());
                } else if (probe) {
                    log.debug("object store still unreachable (next probe in {} ms): {}", health.pausedForMillis(now),
                            lane.lastError());
                }
            }
            case IDLE, LOCAL_FAILURE -> {
                if (probe) {
                    health.probeInconclusive(now);
                }
                if (outcome == ShipLane.Outcome.LOCAL_FAILURE) {
                    log.warn("shipping {} failed (will retry): {}", lane.id, lane.lastError());
                }
            }
        }
    }

    private double backlogBytes() {
        long total = 0;
        for (ShipLane lane : lanes.values()) {
            total += lane.backlogBytes();
        }
        return total;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the shipper is closed");
        }
    }

    private static IllegalStateException notRegistered(ObjectId id) {
        return new IllegalStateException(id + " is not registered with the shipper");
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
