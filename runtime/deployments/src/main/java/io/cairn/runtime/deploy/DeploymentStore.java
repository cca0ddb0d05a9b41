package io.cairn.runtime.deploy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The deployments of one node: accepts JARs, keeps them (and their history) on disk, and holds
 * the current binding of every namespace to a loaded class.
 *
 * <p><b>On disk</b> ({@code dir}): {@code index.json} lists every committed deployment;
 * {@code jars/} holds their JARs; {@code .lock} keeps a second store (another process) out. A
 * deployment is committed by the atomic rename of the index, so a crash leaves either the old
 * or the new state; {@link #open} deletes what an interrupted deployment left behind.
 *
 * <p><b>Threading.</b> {@link #deploy} and {@link #deployAs} calls are serialized by a lock. The
 * read side ({@link #namespace}, {@link #namespaces}, {@link #list}, {@link #lastVersion},
 * {@link #app}, {@link #asset}, {@link #isCurrent}) never blocks: it reads one volatile, immutable
 * snapshot that a deployment replaces whole, so a reader sees all of a deployment's bindings or
 * none of them. Listeners are called after the snapshot is replaced, in deployment order, on a
 * deploying thread, without the deploy lock held: a listener may call any method of the store,
 * including {@link #closeClassLoaderIfSuperseded}, but must not wait for a deploy running on
 * another thread.
 *
 * <p><b>Superseded code.</b> A redeployed namespace is rebound at once, but the class loader of
 * the deployment it leaves stays open, because live objects may still be finishing an event on
 * the old code and may load more of its classes. The runtime, once no instance of a deployment's
 * classes is live any more, calls {@link #closeClassLoaderIfSuperseded}; {@link #close} closes
 * whatever remains.
 */
public final class DeploymentStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeploymentStore.class);
    private static final String JARS = "jars";
    private static final String LOCK = ".lock";

    private final Path dir;
    private final Path jarsDir;
    private final Path indexFile;
    private final long maxJarBytes;
    private final FileChannel lockChannel;
    private final ReentrantLock lock = new ReentrantLock();
    private final ListenerDispatch listeners = new ListenerDispatch();
    private volatile StoreSnapshot snapshot;

    // Guarded by lock.
    private List<DeploymentIndex.Entry> entries;
    private final Map<String, LoadedDeployment> loaded;
    private boolean closed;

    private DeploymentStore(Path dir, long maxJarBytes, FileChannel lockChannel, List<DeploymentIndex.Entry> entries,
                            StoreRecovery.Recovered recovered) {
        this.dir = dir;
        this.jarsDir = dir.resolve(JARS);
        this.indexFile = dir.resolve(DeploymentIndex.FILE);
        this.maxJarBytes = maxJarBytes;
        this.lockChannel = lockChannel;
        this.entries = entries;
        this.loaded = new HashMap<>(recovered.loaded());
        this.snapshot = StoreSnapshot.recovered(entries, recovered);
    }

    /**
     * Opens (creating if needed) the store in {@code dir} and loads every stored deployment: the
     * history, the class loader of each deployment that still binds a namespace, and the assets
     * of each app's latest deployment.
     *
     * @param maxJarBytes the largest JAR {@link #deploy} accepts
     * @throws IllegalStateException if another store has {@code dir} open
     * @throws UncheckedIOException  if the directory or its index cannot be read
     */
    public static DeploymentStore open(Path dir, long maxJarBytes) {
        if (maxJarBytes <= 0) {
            throw new IllegalArgumentException("maxJarBytes must be positive, got " + maxJarBytes);
        }
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(dir.resolve(JARS));
            lockChannel = StoreFiles.lockDirectory(dir.resolve(LOCK), dir);
            List<DeploymentIndex.Entry> entries = DeploymentIndex.read(dir.resolve(DeploymentIndex.FILE));
            StoreRecovery.removeLeftovers(dir, dir.resolve(JARS), entries);
            StoreRecovery.Recovered recovered = StoreRecovery.recover(dir.resolve(JARS), entries);
            log.info("Deployment store {}: {} deployments, namespaces {}", dir, entries.size(), recovered.bindings().keySet());
            return new DeploymentStore(dir, maxJarBytes, lockChannel, entries, recovered);
        } catch (IOException | RuntimeException e) {
            StoreFiles.closeQuietly(lockChannel);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot open deployment store " + dir + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /**
     * Validates {@code jarBytes} fully (container, manifest, classes, then {@code check} on every
     * namespace), then commits it as the next version (latest + 1): JAR and index are written
     * atomically, the manifest's namespaces are rebound to it, and listeners are told. On any
     * failure nothing changes: no file is left, no version is used up, no namespace is rebound.
     *
     * @throws DeploymentRejectedException the JAR is unacceptable (code and message say why)
     * @throws UncheckedIOException        the store could not write (a node problem, not the JAR's)
     */
    public Deployment deploy(byte[] jarBytes, ConstructorCheck check) throws DeploymentRejectedException {
        return accept(jarBytes, check, null);
    }

    /**
     * Like {@link #deploy}, but with a version and time decided elsewhere (a cluster's deployment
     * log), so every node of a cluster gives the same JAR the same version and id. Validation,
     * atomicity and listener calls are those of {@link #deploy}. Versions may skip numbers (a
     * version this node rejected stays a gap), but never go back: {@code version} must be newer
     * than {@link #lastVersion()}, except that storing the very same JAR (same SHA-256) again at
     * a version this store already holds returns the stored deployment and changes nothing.
     *
     * @param deployedAt when the deployment was accepted (kept at millisecond precision)
     * @throws DeploymentRejectedException the JAR is unacceptable, or {@code stale_version}:
     *                                     {@code version} is not newer than the latest stored one
     *                                     and is not this same JAR
     */
    public Deployment deployAs(byte[] jarBytes, long version, Instant deployedAt, ConstructorCheck check)
            throws DeploymentRejectedException {
        if (version < 1) {
            throw new IllegalArgumentException("version starts at 1, got " + version);
        }
        Objects.requireNonNull(deployedAt, "deployedAt");
        return accept(jarBytes, check, new Decided(version, deployedAt.truncatedTo(ChronoUnit.MILLIS)));
    }

    /** Version and time of a deployment decided by the caller; null means "the next one, now". */
    private record Decided(long version, Instant deployedAt) {
    }

    private Deployment accept(byte[] jarBytes, ConstructorCheck check, Decided decided) throws DeploymentRejectedException {
        Objects.requireNonNull(jarBytes, "jarBytes");
        Objects.requireNonNull(check, "check");
        DeploymentWriter.precheck(jarBytes, maxJarBytes); // cheap, before any lock or disk
        String sha256 = Deployment.sha256Hex(jarBytes);
        Deployment committed;
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("deployment store " + dir + " is closed");
            }
            long last = entries.isEmpty() ? 0 : entries.getLast().deployment().version();
            if (decided == null) {
                committed = commit(jarBytes, sha256, last + 1, Instant.now().truncatedTo(ChronoUnit.MILLIS), check);
            } else if (decided.version() > last) {
                committed = commit(jarBytes, sha256, decided.version(), decided.deployedAt(), check);
            } else {
                return DeploymentWriter.storedOrStale(entries, decided.version(), sha256);
            }
        } finally {
            lock.unlock();
        }
        listeners.deliver();
        return committed;
    }

    /** Called under the lock. */
    private Deployment commit(byte[] jarBytes, String sha256, long version, Instant deployedAt, ConstructorCheck check)
            throws DeploymentRejectedException {
        DeploymentWriter.Committed c;
        try {
            c = DeploymentWriter.commit(jarsDir, indexFile, entries, jarBytes, sha256, version, deployedAt, check);
        } catch (IOException e) {
            throw new UncheckedIOException("deployment store " + dir + " cannot store the deployment: " + e.getMessage(), e);
        }
        Deployment d = c.deployment();
        entries = c.entries();
        publish(c.loaded(), c.assets());
        listeners.enqueue(d);
        log.info("Deployed {} (app '{}', {} bytes): namespaces {}", d.id(), d.app(), d.sizeBytes(), d.namespaces().keySet());
        return d;
    }

    /** Makes {@code ld} visible: it binds its namespaces and serves its app's assets. */
    private void publish(LoadedDeployment ld, AssetSource assets) {
        StoreSnapshot previous = snapshot;
        loaded.put(ld.deployment().id(), ld);
        snapshot = previous.with(ld, assets);
        // After the swap: a reader still holding the old source gets "closed" and looks again.
        AssetSource replaced = previous.assets().get(ld.deployment().app());
        if (replaced != assets) {
            StoreFiles.closeQuietly(replaced);
        }
    }

    /** Every committed deployment, oldest first (newest last). */
    public List<Deployment> list() {
        return snapshot.deployments();
    }

    /** The version of the latest committed deployment; 0 when there is none. Never blocks. */
    public long lastVersion() {
        List<Deployment> all = snapshot.deployments();
        return all.isEmpty() ? 0 : all.getLast().version();
    }

    /**
     * The stored JAR of deployment {@code version}, verified against its recorded SHA-256, so a
     * node can offer its history to others. Empty when no deployment has that version. Reads
     * the file on the calling thread (up to {@link #maxJarBytes()} bytes).
     *
     * @throws UncheckedIOException the stored JAR is missing, unreadable or damaged
     */
    public Optional<byte[]> jarBytes(long version) {
        DeploymentIndex.Entry entry;
        lock.lock();
        try {
            entry = entries.stream().filter(e -> e.deployment().version() == version).findFirst().orElse(null);
        } finally {
            lock.unlock();
        }
        if (entry == null) {
            return Optional.empty();
        }
        // Outside the lock: committed JAR files are never rewritten or deleted while the store lives.
        try {
            return Optional.of(StoreFiles.readVerified(jarsDir.resolve(entry.jarFile()), entry.deployment()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read deployment " + entry.deployment().id() + ": " + e.getMessage(), e);
        }
    }

    /** The current binding of {@code ns}: the latest deployment that names it. */
    public Optional<LoadedNamespace> namespace(String ns) {
        return Optional.ofNullable(snapshot.bindings().get(ns));
    }

    /** The bound namespaces. */
    public Set<String> namespaces() {
        return snapshot.bindings().keySet();
    }

    /** The latest deployment of {@code app}. */
    public Optional<Deployment> app(String app) {
        return Optional.ofNullable(snapshot.latestByApp().get(app));
    }

    /**
     * The bytes of asset {@code path} of {@code app}'s latest deployment, relative to its assets
     * directory ("" or a path ending in '/' means its {@code index.html}). Empty when the app has
     * no assets, no such file exists, or the path is absolute, contains "..", "." or empty
     * segments, backslashes or control characters.
     */
    public Optional<byte[]> asset(String app, String path) {
        for (int attempt = 0; attempt < 3; attempt++) {
            AssetSource source = snapshot.assets().get(app);
            if (source == null) {
                return Optional.empty();
            }
            try {
                return source.read(path);
            } catch (IllegalStateException | IOException e) {
                if (snapshot.assets().get(app) != source) {
                    continue; // redeployed while reading: read the new deployment's asset
                }
                if (e instanceof IOException) {
                    log.warn("Cannot read asset '{}' of app '{}': {}", path, app, e.getMessage());
                }
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /** True when {@code ns} is the current binding of its namespace (identity, not equality). */
    public boolean isCurrent(LoadedNamespace ns) {
        return snapshot.bindings().get(ns.namespace()) == ns;
    }

    /**
     * Closes the class loader of {@code deployment} unless one of its namespaces is still bound
     * to it. Call it once no instance of the deployment's classes is live. Returns true when its
     * loader is closed (now or before), false when the deployment is still current.
     */
    public boolean closeClassLoaderIfSuperseded(Deployment deployment) {
        lock.lock();
        try {
            LoadedDeployment ld = loaded.get(deployment.id());
            if (ld == null) {
                return true;
            }
            if (snapshot.binds(ld)) {
                return false;
            }
            loaded.remove(deployment.id());
            ld.close();
            log.info("Closed the class loader of superseded deployment {}", deployment.id());
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Deployments that bind no namespace any more but whose class loader is still open, oldest first. */
    public List<Deployment> supersededWithOpenClassLoader() {
        lock.lock();
        try {
            return loaded.values().stream().filter(ld -> !snapshot.binds(ld)).map(LoadedDeployment::deployment)
                    .sorted(Comparator.comparingLong(Deployment::version)).toList();
        } finally {
            lock.unlock();
        }
    }

    /** The largest JAR {@link #deploy} accepts, so an HTTP layer can refuse bigger bodies early. */
    public long maxJarBytes() {
        return maxJarBytes;
    }

    public void addListener(DeploymentListener listener) {
        listeners.add(listener);
    }

    public void removeListener(DeploymentListener listener) {
        listeners.remove(listener);
    }

    /** Closes every class loader and asset file and releases the directory. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            loaded.values().forEach(StoreFiles::closeQuietly);
            loaded.clear();
            snapshot.assets().values().forEach(StoreFiles::closeQuietly);
            StoreFiles.closeQuietly(lockChannel); // releases the file lock
        } finally {
            lock.unlock();
        }
    }
}
