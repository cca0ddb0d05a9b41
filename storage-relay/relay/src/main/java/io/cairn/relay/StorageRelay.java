package io.cairn.relay;

import io.cairn.api.ObjectId;
import io.cairn.relay.store.MinioObjectStore;
import io.cairn.relay.store.ObjectLayout;
import io.cairn.relay.store.ObjectStore;
import io.cairn.relay.store.Retention;
import io.cairn.relay.store.Shipper;
import io.cairn.runtime.NodeOptions;
import io.cairn.runtime.exec.ObjectHost;
import io.cairn.runtime.spi.NodeExtension;
import io.cairn.runtime.spi.ObjectStorageHooks;
import io.cairn.runtime.sqlite.ObjectDatabase;
import io.cairn.runtime.sqlite.SqliteOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage relay of one node. As {@link ObjectStorageHooks} it captures every commit into the
 * object's spool (on the object's thread, before the output gate), checkpoints once captured data
 * would let the WAL grow past its bound, and starts snapshots; the {@link Shipper} uploads sealed
 * batches in the background. As {@link NodeExtension} it adds the restore, bookmark and export
 * routes and flushes everything when the node shuts down.
 */
public final class StorageRelay implements NodeExtension, ObjectStorageHooks {

    private static final Logger LOG = LoggerFactory.getLogger(StorageRelay.class);

    private final RelayOptions options;
    private final Map<ObjectId, RelayedObject> objects = new ConcurrentHashMap<>();
    private final ExecutorService copier = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "cairn-snapshot-copy");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cairn-retention");
        t.setDaemon(true);
        return t;
    });
    private ObjectStore store;
    private ObjectLayout layout;
    private Shipper shipper;
    private Retention retention;
    private DisasterRecovery recovery;
    private RestoreService restores;
    private Path relayDir;
    private ObjectHost host;

    private volatile CommitListener listener = CommitListener.NONE;

    public StorageRelay(RelayOptions options) {
        this.options = options;
    }

    /** Lets replication follow every captured commit and hold back shipping until a quorum has it. */
    public void setCommitListener(CommitListener listener) {
        this.listener = listener == null ? CommitListener.NONE : listener;
    }

    @Override
    public ObjectStorageHooks storageHooks() {
        return this;
    }

    @Override
    public void start(NodeOptions nodeOptions, ObjectHost objectHost, MeterRegistry metrics) {
        this.host = objectHost;
        this.relayDir = nodeOptions.dataDir().resolve("relay");
        // create(), not connect(): a node must start even while object storage is down.
        this.store = MinioObjectStore.create(options.s3());
        this.layout = new ObjectLayout(options.s3().prefix());
        this.shipper = new Shipper(store, layout, options.shipper(), options.clock(), metrics);
        this.retention = new Retention(store, layout, options.retention(), options.clock());
        this.recovery = new DisasterRecovery(store, layout);
        this.restores = new RestoreService(this, store, layout, options.clock());
        long sweepMs = options.retentionSweepEvery().toMillis();
        housekeeping.scheduleWithFixedDelay(this::sweepRetention, sweepMs, sweepMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void mountRoutes(Router router) {
        new RelayAdminRoutes(restores, host).mount(router);
    }

    @Override
    public Map<String, Object> describeObject(ObjectId id) {
        return restores.describe(id);
    }

    // ---- hooks: all on the object's thread ----

    @Override
    public SqliteOptions adjust(SqliteOptions sqlite) {
        // Checkpoints are the relay's: only after capture may the WAL be overwritten.
        return sqlite.withWalAutocheckpointPages(0);
    }

    @Override
    public void beforeOpen(ObjectId id, Path dbFile) {
        RelayedObject obj = pin(id);
        recovery.restoreIfMissing(id, dbFile, obj, options.clock().instant());
    }

    @Override
    public void opened(ObjectId id, ObjectDatabase db) {
        RelayedObject obj = pin(id);
        try {
            obj.attach(db, options.clock().millis());
            shipper.writeMetaIfAbsent(id, db.pageSize());
            maybeCheckpointAndSnapshot(obj, true);
        } catch (IOException e) {
            throw new UncheckedIOException("capture of " + id + " could not start: " + e.getMessage(), e);
        }
    }

    @Override
    public void beforeCommit(ObjectId id) {
        listener.beforeCommit(id);
    }

    @Override
    public String committed(ObjectId id, ObjectDatabase db, Instant committedAt) {
        RelayedObject obj = object(id);
        try {
            String bookmark = obj.capture(committedAt.toEpochMilli());
            touched.add(id);
            maybeCheckpointAndSnapshot(obj, false);
            return bookmark;
        } catch (IOException e) {
            throw new UncheckedIOException("capture of " + id + " failed: " + e.getMessage(), e);
        }
    }

    private void maybeCheckpointAndSnapshot(RelayedObject obj, boolean activation) throws IOException {
        Instant now = options.clock().instant();
        boolean snapshot = obj.snapshotDue(options.snapshotEvery(), options.snapshotMaxAge(), now);
        if ((snapshot || obj.walAbove(options.checkpointWalBytes())) && obj.checkpoint() && snapshot) {
            obj.startSnapshot(copier, now, shipper::uploadSnapshot);
        } else if (activation && snapshot) {
            LOG.debug("{}: initial snapshot waits for a checkpoint", obj.id);
        }
    }

    @Override
    public void closing(ObjectId id, ObjectDatabase db) {
        try {
            object(id).detach(options.clock().millis());
        } catch (IOException e) {
            throw new UncheckedIOException("final capture of " + id + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void closed(ObjectId id) {
        listener.closed(id);
        RelayedObject obj = objects.get(id);
        if (obj == null) {
            return;
        }
        obj.setLive(false);
        if (!shipper.isRegistered(id)) {
            release(obj);
            return;
        }
        // An evicted object ships what it has (and its snapshot), then gives back its file handles.
        shipper.flush(id).thenCombine(obj.snapshotStored().exceptionally(e -> null), (a, b) -> null)
                .whenComplete((v, err) -> release(obj));
    }

    /** What a node taking an object over (with peer replication) does with its local copy. */
    public RelayTakeover takeover() {
        return new RelayTakeover(this);
    }

    ObjectStore store() {
        return store;
    }

    ObjectLayout layout() {
        return layout;
    }

    RelayOptions options() {
        return options;
    }

    @Override
    public CompletableFuture<String> handOff(ObjectId id) {
        RelayedObject obj = objects.get(id);
        if (obj == null) {
            // Released: that happens only once everything it captured was stored.
            return CompletableFuture.completedFuture(null);
        }
        String bookmark = obj.lastTxid() < 0 ? null : io.cairn.relay.capture.Bookmarks.format(obj.lastTxid());
        if (!shipper.isRegistered(id)) {
            release(obj);
            return CompletableFuture.completedFuture(bookmark);
        }
        // A flush the eviction started may finish first and release the object: then all of it is stored.
        CompletableFuture<Void> flushed = shipper.flush(id).exceptionally(e -> {
            synchronized (obj) {
                // release() unregisters and leaves the map under this lock: seen together or not at all.
                if (objects.get(id) != obj) {
                    return null;
                }
            }
            throw e instanceof java.util.concurrent.CompletionException c ? c : new java.util.concurrent.CompletionException(e);
        });
        return flushed.thenCombine(obj.snapshotStored().exceptionally(e -> null), (a, b) -> bookmark)
                .whenComplete((v, err) -> release(obj));
    }

    @Override
    public void discardLocal(ObjectId id, Path dbFile) {
        RelayedObject obj = objects.get(id);
        if (obj != null) {
            synchronized (obj) {
                if (obj.live()) {
                    throw new IllegalStateException(id + " is open on this node; its copy cannot be discarded");
                }
                // What this stale copy did not ship must never reach object storage: another node wrote since.
                if (shipper.isRegistered(id)) {
                    shipper.unregister(id);
                }
                objects.remove(id, obj);
                obj.markReleased();
                obj.close();
            }
        }
        try {
            deleteTree(objectDir(id));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot discard the relay state of " + id + ": " + e.getMessage(), e);
        }
        ObjectStorageHooks.super.discardLocal(id, dbFile);
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        }
    }

    /**
     * The capture state of {@code id}, marked in use and registered with the shipper, so that a
     * flush finishing for an earlier eviction does not release it meanwhile.
     */
    RelayedObject pin(ObjectId id) {
        while (true) {
            RelayedObject obj = object(id);
            synchronized (obj) {
                if (obj.pin()) {
                    if (!shipper.isRegistered(id)) {
                        shipper.register(id, obj.spool, () -> listener.shippable(id));
                    }
                    return obj;
                }
            }
            objects.remove(id, obj);
        }
    }

    /** Ends a {@link #pin} taken for an exclusive task: the object ships and releases as after an eviction. */
    void unpin(ObjectId id) {
        closed(id);
    }

    private void release(RelayedObject obj) {
        synchronized (obj) {
            if (obj.live() || !obj.spool.sealed().isEmpty() || obj.spool.pendingBytes() > 0 || !obj.snapshotStored().isDone()) {
                return;
            }
            // Out of the map first: unregistering fails pending flushes, whose handlers check the map.
            objects.remove(obj.id, obj);
            if (shipper.isRegistered(obj.id)) {
                shipper.unregister(obj.id);
            }
            obj.markReleased();
            obj.close();
        }
    }

    RelayedObject object(ObjectId id) {
        return objects.computeIfAbsent(id, k -> {
            try {
                return new RelayedObject(k, objectDir(k), r -> listener.captured(k, r));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the spool of " + k + ": " + e.getMessage(), e);
            }
        });
    }

    /** The capture state of {@code id} if this node currently follows it. */
    java.util.Optional<RelayedObject> existing(ObjectId id) {
        return java.util.Optional.ofNullable(objects.get(id));
    }

    Path objectDir(ObjectId id) {
        String hex = sha256(id.namespace() + "\u0000" + id.name());
        return relayDir.resolve("objects").resolve(id.namespace()).resolve(hex.substring(0, 2)).resolve(hex);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    Shipper shipper() {
        return shipper;
    }

    DisasterRecovery recovery() {
        return recovery;
    }

    /** Objects that captured commits since the last retention sweep: only they can have new expired data. */
    private final java.util.Set<ObjectId> touched = ConcurrentHashMap.newKeySet();

    private void sweepRetention() {
        java.util.Set<ObjectId> due = new java.util.HashSet<>(objects.keySet());
        due.addAll(touched);
        touched.removeAll(due);
        for (ObjectId id : due) {
            try {
                retention.sweep(id);
            } catch (RuntimeException e) {
                LOG.warn("{}: retention sweep failed: {}", id, e.toString());
            }
        }
    }

    /** Runs retention for one object now (admin and tests). */
    public void sweepRetention(ObjectId id) {
        retention.sweep(id);
    }

    @Override
    public void afterObjectsClosed() {
        List<CompletableFuture<Void>> flushes = new ArrayList<>();
        for (ObjectId id : objects.keySet()) {
            if (shipper.isRegistered(id)) {
                // An object released meanwhile (unregistered) had shipped everything: not a failure.
                flushes.add(shipper.flush(id).exceptionally(e -> {
                    if (objects.containsKey(id)) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                    return null;
                }));
            }
        }
        try {
            CompletableFuture.allOf(flushes.toArray(CompletableFuture[]::new))
                    .get(options.shipper().flushTimeout().toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("storage relay flushed {} objects to object storage", flushes.size());
        } catch (Exception e) {
            LOG.error("storage relay could not flush every object before shutdown; the spool keeps the rest for the next start", e);
        }
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
        copier.shutdown();
        try {
            copier.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (shipper != null) {
            shipper.close();
        }
        objects.values().forEach(RelayedObject::close);
        objects.clear();
        if (store != null) {
            store.close();
        }
    }

    Duration flushTimeout() {
        return options.shipper().flushTimeout();
    }
}
