package io.cairn.runtime.spi;

import io.vertx.core.http.HttpServerRequest;

/**
 * Sees every HTTP request before the node's own routes (e.g. to forward it to the node that owns
 * the object). Called on the connection's event loop: it must not block.
 */
@FunctionalInterface
public interface RequestInterceptor {

    /** @return true when it took over the request (and will answer it), false to let the node handle it */
    boolean intercept(HttpServerRequest request);
}
