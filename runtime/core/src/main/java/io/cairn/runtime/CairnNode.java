package io.cairn.runtime;

import io.cairn.runtime.catalog.NodeCatalog;
import io.cairn.runtime.deploy.DeploymentStore;
import io.cairn.runtime.exec.ObjectHost;
import io.cairn.runtime.gate.DurabilityGate;
import io.cairn.runtime.gate.FsyncGroupCommitGate;
import io.cairn.runtime.http.HttpFront;
import io.cairn.runtime.http.NodeIdentity;
import io.cairn.runtime.spi.NodeExtension;
import io.cairn.runtime.spi.ObjectStorageHooks;
import io.cairn.runtime.ws.WebSocketHub;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Cairn node: the HTTP front, the objects it hosts and their storage. {@link #start} returns
 * once the node is listening and ready; {@link #close} drains it gracefully.
 */
public final class CairnNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CairnNode.class);

    private final NodeOptions options;
    private final String adminToken;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final PrometheusMeterRegistry metrics;
    private final DeploymentStore deployments;
    private final NodeCatalog catalog;
    private final DurabilityGate gate;
    private final WebSocketHub hub;
    private final ObjectHost host;
    private final Vertx vertx;
    private final HttpFront front;
    private volatile boolean ready;
    private boolean closed;

    private final java.util.List<NodeExtension> extensions;

    private CairnNode(NodeOptions options, java.util.List<NodeExtension> extensions) throws IOException {
        this.options = options;
        this.extensions = java.util.List.copyOf(extensions);
        Path data = Files.createDirectories(options.dataDir());
        Path nodeDir = Files.createDirectories(data.resolve("node"));
        this.lockChannel = FileChannel.open(nodeDir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        this.lock = lockChannel.tryLock();
        if (lock == null) {
            lockChannel.close();
            throw new IllegalStateException("data directory " + data + " is in use by another node; give each node its own --data");
        }
        this.adminToken = options.adminToken() != null ? options.adminToken() : generateToken();
        warnIfFileLimitTooLow(options);
        this.metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        this.deployments = DeploymentStore.open(data.resolve("deployments"), options.maxDeploymentBytes());
        this.catalog = NodeCatalog.open(nodeDir.resolve("catalog.db"));
        DurabilityGate g = new FsyncGroupCommitGate(options.fsyncThreads(), metrics);
        for (NodeExtension e : extensions) {
            DurabilityGate wrapped = e.durabilityGate(g);
            g = wrapped != null ? wrapped : g;
        }
        this.gate = g;
        this.hub = new WebSocketHub(Clock.systemUTC());
        this.host = new ObjectHost(options, deployments, catalog, gate, hub, Clock.systemUTC(), metrics, storageHooks(extensions));
        for (NodeExtension e : extensions) {
            e.start(options, host, metrics);
        }
        host.setActivationGuard(single(extensions.stream().map(NodeExtension::activationGuard), "decides where objects live"));
        io.cairn.runtime.spi.Deployer deployer = single(extensions.stream().map(e -> e.deployer(deployments)), "takes over deployments");
        this.vertx = Vertx.vertx();
        String id = NodeIdentity.stableId(data);
        this.front = HttpFront.start(vertx, options, host, (oid, request, chain) -> host.callDispatcher().dispatch(oid, request, chain), adminToken,
                () -> new NodeIdentity(id, options.host() + ":" + httpPort()), metrics, () -> ready, extensions,
                deployer != null ? deployer : deployments::deploy);
        host.start();
        for (NodeExtension e : extensions) {
            e.listening(options.host() + ":" + httpPort());
        }
        ready = true;
    }

    /** Starts a node with {@code extensions} (e.g. the storage relay) and returns once it is listening. */
    public static CairnNode start(NodeOptions options, NodeExtension... extensions) {
        try {
            CairnNode node = new CairnNode(options, java.util.List.of(extensions));
            LOG.info("cairn node listening on {} with data in {}", node.baseUri(), options.dataDir());
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the node: " + e.getMessage(), e);
        }
    }

    /** Each live object holds about four file descriptors (db, WAL, shm, the gate's WAL handle). */
    private static void warnIfFileLimitTooLow(NodeOptions options) {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            long limit = unix.getMaxFileDescriptorCount();
            long needed = 4L * options.maxLiveObjects() + 1024;
            if (limit < needed) {
                LOG.warn("the open-file limit is {} but {} live objects need about {}: raise the limit (ulimit -n) or"
                        + " lower maxLiveObjects to about {}", limit, options.maxLiveObjects(), needed, Math.max(1, (limit - 1024) / 4));
            }
        }
    }

    private static ObjectStorageHooks storageHooks(java.util.List<NodeExtension> extensions) {
        java.util.List<ObjectStorageHooks> hooks = extensions.stream().map(NodeExtension::storageHooks)
                .filter(h -> h != ObjectStorageHooks.NONE).toList();
        if (hooks.size() > 1) {
            throw new IllegalArgumentException("more than one extension follows object storage; a node takes one storage relay");
        }
        return hooks.isEmpty() ? ObjectStorageHooks.NONE : hooks.get(0);
    }

    private static <T> T single(java.util.stream.Stream<T> offered, String what) {
        java.util.List<T> found = offered.filter(java.util.Objects::nonNull).toList();
        if (found.size() > 1) {
            throw new IllegalArgumentException("more than one extension " + what + "; a node takes one");
        }
        return found.isEmpty() ? null : found.get(0);
    }

    private static String generateToken() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    public int httpPort() {
        return front.port();
    }

    public URI baseUri() {
        String h = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
        return URI.create("http://" + h + ":" + httpPort());
    }

    public String adminToken() {
        return adminToken;
    }

    public NodeOptions options() {
        return options;
    }

    /** The node's objects; for tests, benchmarks and embedding. */
    public ObjectHost host() {
        return host;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ready = false;
        for (NodeExtension e : extensions) {
            try {
                e.prepareShutdown();
            } catch (RuntimeException ex) {
                LOG.error("extension {} failed to prepare the shutdown", e.getClass().getSimpleName(), ex);
            }
        }
        try {
            front.close();
        } catch (RuntimeException e) {
            LOG.warn("closing the HTTP front failed", e);
        }
        hub.closeAll();
        host.shutdown(Duration.ofSeconds(30));
        for (NodeExtension e : extensions) {
            try {
                e.afterObjectsClosed();
            } catch (RuntimeException ex) {
                LOG.error("extension {} failed at shutdown", e.getClass().getSimpleName(), ex);
            }
        }
        for (NodeExtension e : extensions) {
            try {
                e.close();
            } catch (RuntimeException ex) {
                LOG.warn("closing extension {} failed", e.getClass().getSimpleName(), ex);
            }
        }
        gate.close();
        catalog.close();
        deployments.close();
        vertx.close().toCompletionStage().toCompletableFuture().join();
        metrics.close();
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("releasing the data directory lock failed", e);
        }
    }
}
