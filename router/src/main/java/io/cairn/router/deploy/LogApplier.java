package io.cairn.router.deploy;

import com.hazelcast.map.IMap;
import io.cairn.runtime.deploy.ConstructorCheck;
import io.cairn.runtime.deploy.Deployment;
import io.cairn.runtime.deploy.DeploymentRejectedException;
import io.cairn.runtime.deploy.DeploymentStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Brings this node's {@link DeploymentStore} up to the cluster's deployment log, strictly in
 * version order.
 *
 * <p>Arrivals (entry events) carry only a version: they raise the target, and the applier then
 * reads versions {@code appliedThrough + 1 .. target} from the log one by one. Events of different
 * versions may arrive in any order (they come from different partitions); reading in order from
 * the log makes that harmless. A version absent from the log below a present one was never
 * published (its deploy failed before publishing, while holding the cluster's deploy lock, so
 * no later version could exist yet) and is skipped.
 *
 * <p><b>Threading.</b> Every store write made for the cluster happens under {@code applyLock}:
 * on the single applier thread, or on a thread deploying through {@link ClusterDeployments},
 * which first catches up under the same lock. Hazelcast event threads only call
 * {@link #arrived}, which records a number and schedules work. A replicated deployment that this
 * node rejects (its own constructor check, size limit, disk) is logged as an error and skipped:
 * the node keeps serving its previous code and never stops applying later versions.
 */
final class LogApplier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LogApplier.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final DeploymentStore store;
    private final IMap<Long, DeploymentRecord> records;
    private final Supplier<ConstructorCheck> check;
    private final ReentrantLock applyLock = new ReentrantLock();
    private final AtomicLong target = new AtomicLong();
    private final ScheduledExecutorService thread;
    private final Object progress = new Object();
    private volatile boolean closed;
    /** Every version up to this one has been applied, found stored already, or skipped. Written under applyLock. */
    private volatile long appliedThrough;

    LogApplier(DeploymentStore store, IMap<Long, DeploymentRecord> records, Supplier<ConstructorCheck> check) {
        this.store = store;
        this.records = records;
        this.check = check;
        this.appliedThrough = store.lastVersion();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "cairn-deployments-applier");
            t.setDaemon(true);
            return t;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.thread = executor;
    }

    /** From a Hazelcast event thread: version {@code v} is in the log. Returns at once. */
    void arrived(long v) {
        target.accumulateAndGet(v, Math::max);
        schedule(Duration.ZERO);
    }

    private void schedule(Duration delay) {
        try {
            thread.schedule(this::drain, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // Closed: the node is shutting down and applies nothing more.
        }
    }

    private void drain() {
        applyLock.lock();
        try {
            catchUpTo(target.get());
        } catch (RuntimeException e) {
            // Reading the log failed (members leaving, partitions migrating): try again shortly.
            log.warn("Cannot read the cluster's deployment log ({}); retrying in {} ms", e.toString(), RETRY.toMillis());
            schedule(RETRY);
        } finally {
            applyLock.unlock();
        }
    }

    /**
     * Runs {@code work} with the apply lock held, so no replicated deployment is stored meanwhile.
     * Used to deploy and to reconcile histories at start.
     */
    <T, E extends Exception> T exclusively(Locked<T, E> work) throws E {
        applyLock.lock();
        try {
            return work.run();
        } finally {
            applyLock.unlock();
        }
    }

    /** Work run under the apply lock. */
    @FunctionalInterface
    interface Locked<T, E extends Exception> {
        T run() throws E;
    }

    /**
     * Applies every log version in {@code (appliedThrough, upTo]}, in order. Call with the apply
     * lock held (inside {@link #exclusively}, or on the applier thread).
     *
     * @throws RuntimeException reading the log failed; what was applied so far stays applied
     */
    void catchUpTo(long upTo) {
        if (!applyLock.isHeldByCurrentThread()) {
            throw new IllegalStateException("catchUpTo needs the apply lock");
        }
        for (long v = appliedThrough + 1; v <= upTo && !closed; v++) {
            DeploymentRecord r = records.get(v);
            if (r == null) {
                log.warn("Deployment version {} is missing from the cluster's log (its deploy never completed); skipping it", v);
            } else {
                apply(r);
            }
            advanceTo(v);
        }
    }

    private void apply(DeploymentRecord r) {
        if (r.version() <= store.lastVersion()) {
            warnIfDifferent(r);
            return;
        }
        try {
            Deployment d = store.deployAs(r.jar(), r.version(), r.deployedAt(), check.get());
            log.info("Applied cluster deployment {} (app '{}'): namespaces {}", d.id(), d.app(), d.namespaces().keySet());
        } catch (DeploymentRejectedException e) {
            log.error("Cluster deployment version {} (sha256 {}) was rejected on this node [{}]: {}. This node keeps serving "
                    + "its previous code for the namespaces involved.", r.version(), r.sha256(), e.code(), e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            log.error("Cluster deployment version {} (sha256 {}) could not be stored on this node: {}. This node keeps "
                    + "serving its previous code for the namespaces involved.", r.version(), r.sha256(), e.toString(), e);
        }
    }

    /** {@code r} is not newer than this node's latest: it should be what this node already stores. */
    private void warnIfDifferent(DeploymentRecord r) {
        store.list().stream().filter(d -> d.version() == r.version() && !d.sha256().equals(r.sha256())).findFirst()
                .ifPresent(d -> log.warn("Cluster deployment version {} (sha256 {}) differs from this node's {} under the "
                        + "same version; this node keeps its own (its history diverged from the cluster's)",
                        r.version(), r.sha256(), d.id()));
    }

    /** Records that every version up to {@code v} is handled. Call with the apply lock held. */
    void advanceTo(long v) {
        if (v > appliedThrough) {
            appliedThrough = v;
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    long appliedThrough() {
        return appliedThrough;
    }

    /** Waits until every version up to {@code v} is handled here; false on timeout. */
    boolean awaitApplied(long v, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (appliedThrough < v) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(progress, left);
            }
            return true;
        }
    }

    /** Highest version in the log, 0 when it is empty. Reads only the keys. */
    static long maxVersion(IMap<Long, DeploymentRecord> records) {
        return records.keySet().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /**
     * Stops applying: a deployment being stored finishes (waiting up to 10 s), nothing after it
     * starts. Not interrupting matters: an interrupted file write would abort the store's commit.
     */
    @Override
    public void close() {
        closed = true;
        thread.shutdown();
        try {
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("The deployment applier did not stop within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
