package io.cairn.relay.store;

import io.cairn.api.ObjectId;
import io.cairn.relay.capture.SealedBatch;
import io.cairn.relay.capture.Spool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One object's shipping state: what is asked of it (flushes, snapshots, meta) and how its last
 * attempts went. A lane runs on at most one worker at a time ({@link #tryClaim()}), so one
 * object's uploads happen strictly in order: batch N+1 is never uploaded before batch N
 * succeeded, because a gap would break restore.
 */
final class ShipLane {

    /** What a run learned about the store, for the shared circuit breaker. */
    enum Outcome { IDLE, STORE_ANSWERED, STORE_DOWN, LOCAL_FAILURE }

    private record Waiter(long target, CompletableFuture<Void> future) {
    }

    final ObjectId id;
    final Spool spool;
    private final AtomicBoolean claimed = new AtomicBoolean();
    private volatile ShipLane previous;   // an unregistered lane of the same object still finishing a run
    private volatile boolean retired;

    // Guarded by this.
    private boolean flushRequested;
    private final List<CompletableFuture<Void>> unsealedWaiters = new ArrayList<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final ArrayDeque<SnapshotJob> snapshots = new ArrayDeque<>();
    private int metaPageSize;
    private boolean metaDone;
    private long retryAt;
    private int consecutiveFailures;
    private Instant lastFailure;
    private String lastError = "";

    private final java.util.function.LongSupplier shippable;

    ShipLane(ObjectId id, Spool spool, ShipLane previous, java.util.function.LongSupplier shippable) {
        this.id = id;
        this.spool = spool;
        this.previous = previous;
        this.shippable = shippable;
    }

    boolean tryClaim() {
        return claimed.compareAndSet(false, true);
    }

    void release() {
        claimed.set(false);
    }

    boolean busy() {
        return claimed.get();
    }

    synchronized void requestFlush(CompletableFuture<Void> future) {
        unsealedWaiters.add(future);
        flushRequested = true;
        retryAt = 0;
    }

    synchronized void requestSnapshot(long txid, long timeMillis, Path image, CompletableFuture<Void> future) {
        snapshots.add(new SnapshotJob(txid, timeMillis, image, future));
        retryAt = 0;
    }

    synchronized void requestMeta(int pageSize) {
        if (!metaDone) {
            metaPageSize = pageSize;
            retryAt = 0;
        }
    }

    /** Stops tracking a flush future (it completed or timed out). */
    synchronized void forget(CompletableFuture<Void> future) {
        unsealedWaiters.remove(future);
        waiters.removeIf(w -> w.future == future);
    }

    synchronized boolean hasRequests() {
        return flushRequested || !snapshots.isEmpty() || metaPageSize != 0;
    }

    /** Whether a run would do something now: a request, a sealed batch, or the size/age policy. */
    boolean due(long nowMillis, ShipperOptions options) {
        if (retired || busy()) {
            return false;
        }
        ShipLane before = previous;
        if (before != null) {
            if (before.busy()) {
                return false;
            }
            previous = null;
        }
        synchronized (this) {
            if (nowMillis < retryAt) {
                return false;
            }
            return hasRequests() || !spool.sealed().isEmpty() || policyDue(nowMillis, options);
        }
    }

    private boolean policyDue(long nowMillis, ShipperOptions options) {
        if (spool.pendingBytes() >= options.maxBatchBytes()) {
            return true;
        }
        OptionalLong first = spool.firstPendingTimeMillis();
        return first.isPresent() && nowMillis - first.getAsLong() >= options.maxBatchAge().toMillis();
    }

    /** Meta, then snapshots, then sealed batches, in order; stops at the first failure. */
    Outcome run(ShipContext ctx) {
        long now = ctx.clock().millis();
        boolean talked = false;
        try {
            talked |= shipMeta(ctx);
            talked |= shipSnapshots(ctx);
            sealIfAsked(now, ctx.options());
            for (SealedBatch b : spool.sealed()) {
                if (retired) {
                    return talked ? Outcome.STORE_ANSWERED : Outcome.IDLE;
                }
                if (b.lastTxid() > shippable.getAsLong()) {
                    break;   // not yet held by a quorum: shipped on a later run, once it is
                }
                String key = ctx.layout().segmentKey(id, b.firstTxid(), b.lastTxid(), b.firstTimeMillis(), b.lastTimeMillis());
                try (SegmentEncoder.Encoded segment = SegmentEncoder.encode(b)) {
                    segment.uploadTo(ctx.store(), key);
                    talked = true;
                    ctx.metrics().uploaded(ShipperMetrics.Kind.SEGMENT, segment.size());
                }
                spool.shipped(b);
            }
            completeWaiters();
            succeeded();
            return talked ? Outcome.STORE_ANSWERED : Outcome.IDLE;
        } catch (ObjectStoreException e) {
            failed(e, now, ctx, !e.retryable());
            return e.retryable() ? Outcome.STORE_DOWN : Outcome.STORE_ANSWERED;
        } catch (IOException | RuntimeException e) {
            failed(e, now, ctx, true);
            return Outcome.LOCAL_FAILURE;
        }
    }

    private boolean shipMeta(ShipContext ctx) {
        int pageSize;
        synchronized (this) {
            pageSize = metaPageSize;
        }
        if (pageSize == 0) {
            return false;
        }
        String key = ctx.layout().metaKey(id);
        if (!ctx.store().exists(key)) {
            byte[] json = ObjectMeta.of(id, pageSize, ctx.clock().instant()).toJson();
            ctx.store().put(key, json);
            ctx.metrics().uploaded(ShipperMetrics.Kind.META, json.length);
        }
        synchronized (this) {
            metaPageSize = 0;
            metaDone = true;
        }
        return true;
    }

    private boolean shipSnapshots(ShipContext ctx) throws IOException {
        boolean talked = false;
        for (SnapshotJob job = peekSnapshot(); job != null && !retired; job = peekSnapshot()) {
            if (job.compressed == null) {
                if (!Files.isRegularFile(job.image)) {
                    // Nothing to retry: the caller removed the image before the upload finished.
                    dropSnapshot(job, new IllegalStateException("snapshot image " + job.image + " of " + id
                            + " at txid " + job.txid + " no longer exists"));
                    continue;
                }
                Path tmp = Files.createTempFile(job.image.toAbsolutePath().getParent(), ".cairn-snapshot-", ".db.zst");
                try {
                    Compression.compress(job.image, tmp);
                } catch (RuntimeException e) {
                    deleteQuietly(tmp);   // never let a retry upload a half-written file
                    throw e;
                }
                job.compressed = tmp;
            }
            ctx.store().put(ctx.layout().snapshotKey(id, job.txid, job.timeMillis), job.compressed);
            talked = true;
            ctx.metrics().uploaded(ShipperMetrics.Kind.SNAPSHOT, Files.size(job.compressed));
            dropSnapshot(job, null);
        }
        return talked;
    }

    private synchronized SnapshotJob peekSnapshot() {
        return snapshots.peek();
    }

    private void dropSnapshot(SnapshotJob job, Throwable failure) {
        synchronized (this) {
            snapshots.remove(job);
        }
        deleteQuietly(job.compressed);
        if (failure == null) {
            job.future.complete(null);
        } else {
            job.future.completeExceptionally(failure);
        }
    }

    /** Seals when a flush asked for it or the size/age policy says so; gives new flush waiters their target. */
    private synchronized void sealIfAsked(long nowMillis, ShipperOptions options) throws IOException {
        if (!flushRequested && !policyDue(nowMillis, options)) {
            return;
        }
        spool.seal();
        List<SealedBatch> sealed = spool.sealed();
        long target = sealed.isEmpty() ? spool.lastShippedTxid() : sealed.getLast().lastTxid();
        for (CompletableFuture<Void> f : unsealedWaiters) {
            waiters.add(new Waiter(target, f));
        }
        unsealedWaiters.clear();
        flushRequested = false;
    }

    private void completeWaiters() {
        long shipped = spool.lastShippedTxid();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        synchronized (this) {
            waiters.removeIf(w -> w.target <= shipped && done.add(w.future));
        }
        done.forEach(f -> f.complete(null));
    }

    private synchronized void succeeded() {
        consecutiveFailures = 0;
        retryAt = 0;
    }

    /**
     * Records a failure. Store outages are paced by the shared circuit breaker; failures only this
     * object has (a damaged batch, a refused key) back off on this lane alone.
     */
    private synchronized void failed(Exception e, long nowMillis, ShipContext ctx, boolean laneBackoff) {
        consecutiveFailures++;
        lastFailure = ctx.clock().instant();
        lastError = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        if (laneBackoff) {
            retryAt = nowMillis + ctx.backoff().delayMillis(consecutiveFailures);
        }
        ctx.metrics().failed();
    }

    synchronized String lastError() {
        return lastError;
    }

    Backlog backlog() {
        List<SealedBatch> sealed = spool.sealed();
        long bytes = spool.pendingBytes() + sealed.stream().mapToLong(SealedBatch::bytes).sum();
        long shipped = spool.lastShippedTxid();
        synchronized (this) {
            return new Backlog(sealed.size(), bytes, shipped, Optional.ofNullable(lastFailure), lastError, consecutiveFailures);
        }
    }

    /** Bytes not yet shipped, for the backlog gauge. */
    long backlogBytes() {
        return spool.pendingBytes() + spool.sealed().stream().mapToLong(SealedBatch::bytes).sum();
    }

    /**
     * The lane leaves the shipper: fails what still waits, so no caller hangs. If a worker is in
     * a run, it stops at the next step and {@link #dropSnapshots} cleans up after it.
     */
    void retire(String why) {
        retired = true;
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        List<SnapshotJob> jobs;
        synchronized (this) {
            pending.addAll(unsealedWaiters);
            waiters.forEach(w -> pending.add(w.future));
            unsealedWaiters.clear();
            waiters.clear();
            jobs = List.copyOf(snapshots);
            flushRequested = false;
            metaPageSize = 0;
        }
        IllegalStateException failure = new IllegalStateException(why);
        pending.forEach(f -> f.completeExceptionally(failure));
        jobs.forEach(j -> j.future.completeExceptionally(failure));
        if (!busy()) {
            dropSnapshots();
        }
    }

    /** Forgets queued snapshots and deletes their compressed temp files (idempotent). */
    void dropSnapshots() {
        List<SnapshotJob> jobs;
        synchronized (this) {
            jobs = List.copyOf(snapshots);
        }
        IllegalStateException failure = new IllegalStateException("shipping of " + id + " stopped");
        jobs.forEach(j -> dropSnapshot(j, failure));
    }

    boolean retired() {
        return retired;
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // A leftover temp file next to a snapshot image; the caller's directory cleanup removes it.
            }
        }
    }
}
