package io.cairn.runtime.exec;

import io.cairn.api.ObjectId;
import io.cairn.api.Request;
import io.cairn.api.Response;
import io.cairn.api.WebSocketMessage;
import io.cairn.runtime.NodeOptions;
import io.cairn.runtime.alarm.AlarmScheduler;
import io.cairn.runtime.catalog.NodeCatalog;
import io.cairn.runtime.deploy.Deployment;
import io.cairn.runtime.deploy.DeploymentListener;
import io.cairn.runtime.deploy.DeploymentStore;
import io.cairn.runtime.gate.DurabilityGate;
import io.cairn.runtime.spi.ExclusiveTask;
import io.cairn.runtime.spi.ObjectStorageHooks;
import io.cairn.runtime.sqlite.SqliteOptions;
import io.cairn.runtime.ws.Frame;
import io.cairn.runtime.ws.HostedSocket;
import io.cairn.runtime.ws.OutboundGate;
import io.cairn.runtime.ws.SocketEvents;
import io.cairn.runtime.ws.WebSocketHub;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The objects of one node: routes events to per-object actors, creates actors on demand, evicts
 * idle and least-recently-used instances, and drains everything at shutdown.
 *
 * <p>At most one actor per object exists at a time: an actor leaves the map only after it has
 * closed its database ({@link #retired}), and a new one is created only for an object with no
 * actor in the map.
 */
public final class ObjectHost implements ObjectDispatcher, SocketEvents, DeploymentListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectHost.class);

    private final NodeOptions options;
    private final ObjectStorageHooks storageHooks;
    private final SqliteOptions sqliteOptions;
    private final DeploymentStore deployments;
    private final NodeCatalog catalog;
    private final DurabilityGate gate;
    private final WebSocketHub hub;
    private final Clock clock;
    private final AlarmScheduler alarms;
    private final ExecutorService executor = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("cairn-object-", 0).factory());
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cairn-evictor");
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentHashMap<ObjectId, ObjectActor> actors = new ConcurrentHashMap<>();
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicBoolean sweepQueued = new AtomicBoolean();
    private final OutboundGate outboundGate = this::gateFrame;
    private volatile boolean closing;
    private volatile ObjectDispatcher dispatcher = this;
    private volatile io.cairn.runtime.spi.ActivationGuard activationGuard = io.cairn.runtime.spi.ActivationGuard.ALLOW;
    private final Counter activations;
    private final Counter evictions;

    public ObjectHost(NodeOptions options, DeploymentStore deployments, NodeCatalog catalog, DurabilityGate gate,
                      WebSocketHub hub, Clock clock, MeterRegistry metrics) {
        this(options, deployments, catalog, gate, hub, clock, metrics, ObjectStorageHooks.NONE);
    }

    public ObjectHost(NodeOptions options, DeploymentStore deployments, NodeCatalog catalog, DurabilityGate gate,
                      WebSocketHub hub, Clock clock, MeterRegistry metrics, ObjectStorageHooks storageHooks) {
        this.options = options;
        this.storageHooks = storageHooks;
        this.sqliteOptions = storageHooks.adjust(options.sqlite());
        this.deployments = deployments;
        this.catalog = catalog;
        this.gate = gate;
        this.hub = hub;
        this.clock = clock;
        this.alarms = new AlarmScheduler(catalog, (id, at, retry) -> enqueue(id, new ObjectEvent.Alarm(at, retry)),
                clock, options.alarmRetryBase(), options.alarmMaxRetries());
        hub.setEvents(this);
        deployments.addListener(this);
        this.activations = Counter.builder("cairn_object_activations").register(metrics);
        this.evictions = Counter.builder("cairn_object_evictions").register(metrics);
        Gauge.builder("cairn_live_objects", live, AtomicInteger::get).register(metrics);
        Gauge.builder("cairn_websockets", hub, WebSocketHub::count).register(metrics);
        long period = Math.max(100, Math.min(1000, options.idleTimeout().toMillis() / 4));
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /** Starts alarm timers for every alarm indexed before the last shutdown. */
    public void start() {
        alarms.loadFromCatalog();
    }

    /** Lets a router stand in for local delivery of object-to-object calls. */
    public void setDispatcher(ObjectDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** Lets a router decide which objects this node may activate. */
    public void setActivationGuard(io.cairn.runtime.spi.ActivationGuard guard) {
        this.activationGuard = guard == null ? io.cairn.runtime.spi.ActivationGuard.ALLOW : guard;
    }

    io.cairn.runtime.spi.ActivationGuard activationGuard() {
        return activationGuard;
    }

    /** How calls from objects to other objects are delivered (this host, or a router in front of it). */
    public ObjectDispatcher callDispatcher() {
        return dispatcher;
    }

    /**
     * Activates {@code id} if it has an alarm so the alarm is scheduled here (used when an object
     * arrives on this node from another one). An object without an alarm is only opened.
     */
    public void wake(ObjectId id) {
        enqueue(id, new ObjectEvent.Alarm(java.time.Instant.EPOCH, 0));
    }

    /** The objects with an actor on this node (live, or with events queued). */
    public java.util.Set<ObjectId> activeIds() {
        return java.util.Set.copyOf(actors.keySet());
    }

    @Override
    public CompletableFuture<Response> dispatch(ObjectId id, Request request, CallChain chain) {
        CompletableFuture<Response> reply = new CompletableFuture<>();
        enqueue(id, new ObjectEvent.Http(request, chain, reply));
        return reply;
    }

    void enqueue(ObjectId id, ObjectEvent event) {
        if (closing && !(event instanceof ObjectEvent.Deactivate)) {
            // A stopping node starts no object again: late socket closes and alarms are dropped
            // (sockets close with the node; alarms stay in the catalog for the next start).
            switch (event) {
                case ObjectEvent.Http h -> h.reply().completeExceptionally(shuttingDown(id));
                case ObjectEvent.Exclusive x -> x.result().completeExceptionally(shuttingDown(id));
                default -> LOG.debug("{}: dropping {} during shutdown", id, event.getClass().getSimpleName());
            }
            return;
        }
        while (true) {
            ObjectActor a = actors.computeIfAbsent(id, k -> new ObjectActor(k, this));
            if (a.offer(event)) {
                return;
            }
            actors.remove(id, a);
        }
    }

    private static ObjectFailure shuttingDown(ObjectId id) {
        return new ObjectFailure(ObjectFailure.Kind.SHUTTING_DOWN, id, "this node is shutting down; retry on another node", null);
    }

    // ---- socket events (Vert.x threads) ----

    @Override
    public void onMessage(HostedSocket socket, WebSocketMessage message) {
        enqueue(socket.owner(), new ObjectEvent.SocketMessage(socket, message));
    }

    @Override
    public void onClose(HostedSocket socket, int code, String reason, boolean wasClean) {
        enqueue(socket.owner(), new ObjectEvent.SocketClose(socket, code, reason, wasClean));
    }

    @Override
    public void onError(HostedSocket socket, Throwable error) {
        enqueue(socket.owner(), new ObjectEvent.SocketError(socket, error));
    }

    private void gateFrame(HostedSocket socket, Frame frame) {
        EventScope scope = EventScope.current();
        if (scope == null || !scope.actor.id.equals(socket.owner())) {
            throw new IllegalStateException("a WebSocket may only be used from the handlers of the object that accepted it ("
                    + socket.owner() + ")");
        }
        scope.send(socket, frame);
    }

    // ---- deployments ----

    @Override
    public void namespacesChanged(Deployment deployment, Set<String> namespaces) {
        // Live objects of a redeployed namespace finish their current event, then drop the old code.
        actors.values().stream().filter(a -> a.isLive && namespaces.contains(a.id.namespace()))
                .forEach(a -> enqueue(a.id, new ObjectEvent.Deactivate("redeployed")));
    }

    // ---- lifecycle bookkeeping (called by actors) ----

    void activated(ObjectActor actor) {
        activations.increment();
        if (live.incrementAndGet() > options.maxLiveObjects() && sweepQueued.compareAndSet(false, true)) {
            sweeper.execute(this::sweep);
        }
    }

    void deactivated(ObjectActor actor, String reason) {
        live.decrementAndGet();
        evictions.increment();
        LOG.debug("{} deactivated: {}", actor.id, reason);
    }

    void retired(ObjectActor actor) {
        actors.remove(actor.id, actor);
    }

    /** Evicts idle instances, then the least recently used ones while over the cap. */
    private void sweep() {
        sweepQueued.set(false);
        try {
            long idleBefore = System.nanoTime() - options.idleTimeout().toNanos();
            List<ObjectActor> liveActors = new ArrayList<>();
            for (ObjectActor a : actors.values()) {
                if (!a.isLive) {
                    continue;
                }
                if (a.lastActiveNanos < idleBefore) {
                    a.offer(new ObjectEvent.Deactivate("idle"));
                } else {
                    liveActors.add(a);
                }
            }
            retireOldCode();
            int excess = liveActors.size() - options.maxLiveObjects();
            if (excess > 0) {
                liveActors.sort(Comparator.comparingLong(a -> a.lastActiveNanos));
                for (int i = 0; i < excess; i++) {
                    liveActors.get(i).offer(new ObjectEvent.Deactivate("least recently used"));
                }
            }
        } catch (RuntimeException e) {
            LOG.error("eviction sweep failed", e);
        }
    }

    /** Closes the class loaders of superseded deployments once no live object runs their code. */
    private void retireOldCode() {
        Set<Long> inUse = new java.util.HashSet<>();
        actors.values().forEach(a -> inUse.add(a.codeVersion));
        for (Deployment d : deployments.supersededWithOpenClassLoader()) {
            if (!inUse.contains(d.version())) {
                deployments.closeClassLoaderIfSuperseded(d);
            }
        }
    }

    // ---- accessors for actors ----

    public Path pathFor(ObjectId id) {
        String hex = HexFormat.of().formatHex(sha256(id.namespace() + "\u0000" + id.name()));
        return options.dataDir().resolve("objects").resolve(id.namespace()).resolve(hex.substring(0, 2)).resolve(hex + ".db");
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public ObjectStorageHooks storageHooks() {
        return storageHooks;
    }

    /** The node's SQLite options as adjusted by the storage hooks. */
    public SqliteOptions sqliteOptions() {
        return sqliteOptions;
    }

    /**
     * Runs {@code task} on the object's thread with its database closed, after the events queued
     * before it; events queued after it see the result.
     */
    public <T> CompletableFuture<T> runExclusive(ObjectId id, ExclusiveTask<T> task) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        enqueue(id, new ObjectEvent.Exclusive(task, result));
        @SuppressWarnings("unchecked")
        CompletableFuture<T> typed = (CompletableFuture<T>) (CompletableFuture<?>) result;
        return typed;
    }

    public NodeOptions options() {
        return options;
    }

    public DeploymentStore deployments() {
        return deployments;
    }

    public NodeCatalog catalog() {
        return catalog;
    }

    public DurabilityGate gate() {
        return gate;
    }

    public WebSocketHub hub() {
        return hub;
    }

    public Clock clock() {
        return clock;
    }

    public AlarmScheduler alarms() {
        return alarms;
    }

    ObjectDispatcher dispatcher() {
        return dispatcher;
    }

    OutboundGate outboundGate() {
        return outboundGate;
    }

    ExecutorService executor() {
        return executor;
    }

    public int liveCount() {
        return live.get();
    }

    public boolean isLive(ObjectId id) {
        ObjectActor a = actors.get(id);
        return a != null && a.isLive;
    }

    /** Asks {@code id} to evict its live instance after its queued events (admin and tests). */
    public void evict(ObjectId id) {
        ObjectActor a = actors.get(id);
        if (a != null) {
            a.offer(new ObjectEvent.Deactivate("requested"));
        }
    }

    /**
     * Stops taking new requests, lets queued events finish, evicts every object (which waits for
     * their durability) and stops the timers. Waits at most {@code timeout}.
     */
    public void shutdown(Duration timeout) {
        closing = true;
        alarms.close();
        sweeper.shutdownNow();
        long deadline = System.nanoTime() + timeout.toNanos();
        long nextNudge = 0;
        while (!actors.isEmpty() && System.nanoTime() < deadline) {
            if (System.nanoTime() >= nextNudge) {
                // Events queued before closing may re-activate an object after its first Deactivate.
                actors.values().forEach(a -> a.offer(new ObjectEvent.Deactivate("shutdown")));
                nextNudge = System.nanoTime() + 200_000_000L;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!actors.isEmpty()) {
            LOG.warn("{} objects still busy after {}; closing anyway", actors.size(), timeout);
        }
        executor.shutdown();
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(30));
    }
}
