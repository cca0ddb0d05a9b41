package io.cairn.runtime.spi;

import io.cairn.runtime.NodeOptions;
import io.cairn.runtime.exec.ObjectHost;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.Router;

/**
 * A module that joins a node: it may follow object databases ({@link #storageHooks()}), add
 * admin routes and take part in shutdown. Order of calls: {@link #storageHooks()} while the node
 * is built, {@link #start} once its objects can run, {@link #mountRoutes} before it listens,
 * {@link #afterObjectsClosed} during a graceful shutdown, then {@link #close}.
 */
public interface NodeExtension extends AutoCloseable {

    default ObjectStorageHooks storageHooks() {
        return ObjectStorageHooks.NONE;
    }

    default void start(NodeOptions options, ObjectHost host, MeterRegistry metrics) {
    }

    /** Routes under {@code /admin/v1/}; the admin token is already checked before they run. */
    default void mountRoutes(Router router) {
    }

    /** Fields this extension adds to the admin view of one object ({@code GET /admin/v1/objects/{ns}/{name}}). */
    default java.util.Map<String, Object> describeObject(io.cairn.api.ObjectId id) {
        return java.util.Map.of();
    }

    /** Every object has been closed; finish what must survive the node (e.g. flush to object storage). */
    default void afterObjectsClosed() {
    }

    @Override
    default void close() {
    }
}
