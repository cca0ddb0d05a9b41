package io.cairn.router.deploy;

import com.hazelcast.config.Config;
import com.hazelcast.config.MapConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import io.cairn.runtime.deploy.ConstructorCheck;
import io.cairn.runtime.deploy.Deployment;
import io.cairn.runtime.deploy.DeploymentRejectedException;
import io.cairn.runtime.deploy.DeploymentStore;
import io.cairn.runtime.spi.Deployer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Carries deployments to every node of a cluster, including nodes that join later.
 *
 * <p><b>The log.</b> The map {@value #LOG_MAP} holds version → {@link DeploymentRecord} (the
 * JAR, its hash and time). A deploy on any node takes the cluster's deploy lock (an IMap key lock
 * in {@value #LOCK_MAP}; Community Edition has no CP subsystem), catches this node up with the
 * log, gives the JAR version {@code max(log's newest, node's newest) + 1}, validates and stores
 * it locally with {@link DeploymentStore#deployAs} (a rejected JAR publishes nothing and uses up
 * no version), adds it to the log, and unlocks. Every node listens to the log and applies what it
 * lacks in version order, running its own constructor check, since classes load per node.
 *
 * <p><b>Size.</b> A record is the whole JAR, so the log holds up to the nodes' deployment limit
 * ({@code NodeOptions.maxDeploymentBytes}, 64 MiB by default) per version, times three copies
 * (owner and two backups), and every node reads each record once. Nodes should share one limit: a
 * node with a smaller one rejects bigger JARs from others ({@code too_large}, logged).
 *
 * <p><b>Failure.</b> A replicated deployment this node rejects is logged (version and reason) and
 * skipped; the node keeps serving its previous code. The log lives in cluster memory only: if
 * every member holding a record is lost at once, later joiners miss it, and after a full restart
 * the nodes republish their disk histories at {@link #start}. IMap locks are leased (5 minutes),
 * not fenced: a deploy that outlives its lease may collide with another, which is detected when
 * publishing and reported as an error.
 *
 * <p><b>Threading.</b> Call {@link #configure} on the member config, then {@link #start} once
 * before {@link #deploy}, then {@link #close}. {@link #deploy} may be called from any thread
 * (it blocks: cluster lock, validation, disk, network) and is serialized cluster-wide. Replicated
 * deployments are stored on a dedicated applier thread; the store's listeners run on that thread
 * (or on the deploying thread for a deployment made here).
 */
public final class ClusterDeployments implements Deployer, AutoCloseable {

    /** The deployment log: version → record. */
    public static final String LOG_MAP = "cairn-deployments";
    /** Holds the cluster-wide deploy lock (a key lock; the map stays empty). */
    public static final String LOCK_MAP = "cairn-deployments-lock";
    static final String LOCK_KEY = "deploy";

    private static final Logger log = LoggerFactory.getLogger(ClusterDeployments.class);
    private static final Duration LOCK_WAIT = Duration.ofSeconds(60);
    /** Longer than any sane deploy (validation runs constructors); bounds how long a dead holder blocks others. */
    private static final Duration LOCK_LEASE = Duration.ofMinutes(5);

    private final IMap<Long, DeploymentRecord> records;
    private final IMap<String, Boolean> locks;
    private final DeploymentStore store;
    private final LogApplier applier;
    private final Object lifecycle = new Object();
    private UUID listenerId; // guarded by lifecycle
    private boolean started; // guarded by lifecycle
    private volatile boolean closed;

    /**
     * Adds the maps' configuration to a member config: two synchronous backups, so the log and
     * the lock survive the loss of two members at once.
     */
    public static void configure(Config config) {
        config.addMapConfig(new MapConfig(LOG_MAP).setBackupCount(2).setAsyncBackupCount(0));
        config.addMapConfig(new MapConfig(LOCK_MAP).setBackupCount(2).setAsyncBackupCount(0));
    }

    /**
     * @param hazelcast      this node's member (whose config went through {@link #configure})
     * @param store          this node's deployment store; not closed by {@link #close}
     * @param replicatedCheck the constructor check for deployments arriving from other nodes
     *                        (called on the applier thread, once per deployment)
     */
    public ClusterDeployments(HazelcastInstance hazelcast, DeploymentStore store, Supplier<ConstructorCheck> replicatedCheck) {
        Objects.requireNonNull(hazelcast, "hazelcast");
        this.store = Objects.requireNonNull(store, "store");
        Objects.requireNonNull(replicatedCheck, "replicatedCheck");
        this.records = hazelcast.getMap(LOG_MAP);
        this.locks = hazelcast.getMap(LOCK_MAP);
        this.applier = new LogApplier(store, records, replicatedCheck);
    }

    /**
     * Joins the cluster's deployment history: listens to the log (before reading it, so nothing
     * is missed), reconciles this node's disk history with it (see {@link HistorySync}) and
     * applies, in order, every logged version newer than this node's latest. Blocks until done.
     *
     * @throws IllegalStateException started twice, closed, or the deploy lock stayed taken for a minute
     */
    public void start() {
        synchronized (lifecycle) {
            if (started || closed) {
                throw new IllegalStateException(closed ? "cluster deployments are closed" : "cluster deployments already started");
            }
            started = true;
            listenerId = records.addEntryListener((EntryAddedListener<Long, DeploymentRecord>) e -> applier.arrived(e.getKey()), false);
        }
        withDeployLock(() -> applier.exclusively(() -> {
            HistorySync.reconcile(records, store);
            applier.catchUpTo(LogApplier.maxVersion(records));
            return null;
        }));
        log.info("Deployments: this node is at version {}, the cluster's log at {}", store.lastVersion(), clusterVersion());
    }

    /**
     * Deploys {@code jar} on every node: validated and stored here first, under the next
     * cluster-wide version, then published for the others.
     *
     * @throws DeploymentRejectedException the JAR is unacceptable here; nothing was published
     * @throws IllegalStateException       not started, closed, or another deploy held the lock for a minute
     */
    @Override
    public Deployment deploy(byte[] jar, ConstructorCheck check) throws DeploymentRejectedException {
        Objects.requireNonNull(jar, "jar");
        Objects.requireNonNull(check, "check");
        synchronized (lifecycle) {
            if (!started || closed) {
                throw new IllegalStateException("cluster deployments are " + (closed ? "closed" : "not started"));
            }
        }
        return withDeployLock(() -> applier.exclusively(() -> deployLocked(jar, check)));
    }

    /** Holding both the cluster's deploy lock and this node's apply lock. */
    private Deployment deployLocked(byte[] jar, ConstructorCheck check) throws DeploymentRejectedException {
        long logMax = LogApplier.maxVersion(records);
        // Earlier versions first: storing ours would make this node refuse them as stale.
        applier.catchUpTo(logMax);
        long version = Math.max(Math.max(logMax, applier.appliedThrough()), store.lastVersion()) + 1;
        Deployment d = store.deployAs(jar, version, Instant.now(), check);
        DeploymentRecord previous;
        try {
            previous = records.putIfAbsent(version, DeploymentRecord.of(d, jar));
        } catch (RuntimeException e) {
            log.error("Deployment {} is live on this node but could not be added to the cluster's log: {}. Other nodes do "
                    + "not get it; redeploy the JAR.", d.id(), e.toString());
            throw e;
        }
        if (previous != null && !previous.sha256().equals(d.sha256())) {
            // Only when the lock's lease ran out during this deploy and another node took the same version.
            log.error("Deployment {} collided with another deployment of version {} ({}): the cluster keeps the other one; "
                    + "this node diverged. Redeploy the JAR.", d.id(), version, previous);
            throw new IllegalStateException("deployment version " + version + " was taken by another node meanwhile; redeploy");
        }
        applier.advanceTo(version);
        log.info("Deployed {} cluster-wide (version {})", d.id(), version);
        return d;
    }

    /** Highest version in the cluster's log (0 when it is empty). Reads the log's keys. */
    public long clusterVersion() {
        return LogApplier.maxVersion(records);
    }

    /** Every log version up to this one has been handled by this node (stored, or rejected here and skipped). */
    public long appliedVersion() {
        return applier.appliedThrough();
    }

    /**
     * Waits until this node has handled every log version up to {@code version} (stored it, or
     * rejected it and logged why).
     *
     * @return false when {@code timeout} passed first
     */
    public boolean awaitVersion(long version, Duration timeout) throws InterruptedException {
        return applier.awaitApplied(version, timeout);
    }

    /** Stops listening and applying. Leaves the store and the Hazelcast member open. Idempotent. */
    @Override
    public void close() {
        UUID id;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            id = listenerId;
        }
        if (id != null) {
            try {
                records.removeEntryListener(id);
            } catch (RuntimeException e) {
                // The member is already shutting down: its listeners go with it.
                log.debug("Cannot remove the deployment log listener: {}", e.toString());
            }
        }
        applier.close();
    }

    private <T, E extends Exception> T withDeployLock(LogApplier.Locked<T, E> work) throws E {
        boolean locked;
        try {
            locked = locks.tryLock(LOCK_KEY, LOCK_WAIT.toMillis(), TimeUnit.MILLISECONDS,
                    LOCK_LEASE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the cluster's deploy lock", e);
        }
        if (!locked) {
            throw new IllegalStateException("another deployment has held the cluster's deploy lock for over "
                    + LOCK_WAIT.toSeconds() + " s; try again");
        }
        try {
            return work.run();
        } finally {
            try {
                locks.unlock(LOCK_KEY);
            } catch (IllegalMonitorStateException e) {
                log.warn("The cluster's deploy lock expired (lease {} s) before this deploy finished", LOCK_LEASE.toSeconds());
            }
        }
    }
}
