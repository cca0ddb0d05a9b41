package io.cairn.runtime.spi;

import io.cairn.runtime.NodeOptions;
import io.cairn.runtime.deploy.DeploymentStore;
import io.cairn.runtime.exec.ObjectHost;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.Map;

/**
 * A module that joins a node: it may follow object databases ({@link #storageHooks()}), decide
 * where objects live ({@link #activationGuard()}, {@link #requestInterceptor}), add admin routes
 * and take part in shutdown.
 *
 * <p>Order of calls: {@link #storageHooks()} while the node is built, {@link #start} once its
 * objects can run, then {@link #activationGuard()}, {@link #deployer}, {@link #requestInterceptor}
 * and {@link #mountRoutes} before it listens. At a graceful shutdown: {@link #prepareShutdown}
 * while the node still serves, {@link #afterObjectsClosed} once every object is closed, then
 * {@link #close}.
 */
public interface NodeExtension extends AutoCloseable {

    default ObjectStorageHooks storageHooks() {
        return ObjectStorageHooks.NONE;
    }

    default void start(NodeOptions options, ObjectHost host, MeterRegistry metrics) {
    }

    /**
     * Wraps the node's durability gate (e.g. to also wait for replicas); null to leave it. Called
     * while the node is built, before {@link #start}.
     */
    default io.cairn.runtime.gate.DurabilityGate durabilityGate(io.cairn.runtime.gate.DurabilityGate local) {
        return null;
    }

    /** Consulted before any object is activated on this node; null when this extension does not care. */
    default ActivationGuard activationGuard() {
        return null;
    }

    /** Takes over deployments (e.g. to carry them to every node); null to leave them to {@code store}. */
    default Deployer deployer(DeploymentStore store) {
        return null;
    }

    /** Lists objects for the admin API (e.g. across the cluster); null to list this node's catalog. */
    default ObjectLister objectLister() {
        return null;
    }

    /** Sees requests before the node's routes; null when this extension does not forward. */
    default RequestInterceptor requestInterceptor(Vertx vertx) {
        return null;
    }

    /** The node listens now, at {@code httpAddress} ({@code host:port}); others may be told where it is. */
    default void listening(String httpAddress) {
    }

    /** Routes under {@code /admin/v1/}; the admin token is already checked before they run. They take precedence over the node's own. */
    default void mountRoutes(Router router) {
    }

    /** Fields this extension adds to the admin view of one object ({@code GET /admin/v1/objects/{ns}/{name}}). */
    default Map<String, Object> describeObject(io.cairn.api.ObjectId id) {
        return Map.of();
    }

    /** The body of {@code GET /admin/v1/cluster} when this extension knows the cluster; null otherwise. */
    default Map<String, Object> clusterView() {
        return null;
    }

    /**
     * A graceful shutdown begins: the node still serves requests. Hand over what others must
     * take (e.g. objects to their next owners) before this returns.
     */
    default void prepareShutdown() {
    }

    /** Every object has been closed; finish what must survive the node (e.g. flush to object storage). */
    default void afterObjectsClosed() {
    }

    @Override
    default void close() {
    }
}
