package io.cairn.runtime.exec;

import io.cairn.api.ObjectId;
import io.cairn.api.Request;
import io.cairn.api.Response;
import java.util.concurrent.CompletableFuture;

/**
 * Delivers an HTTP request to an object wherever it lives. On one node this is the
 * {@link ObjectHost}; the router wraps it to forward to the owner node.
 *
 * <p>The future completes with the object's response once the output gate released it, or
 * exceptionally with an {@link ObjectFailure} naming why there is no response.
 */
public interface ObjectDispatcher {

    CompletableFuture<Response> dispatch(ObjectId id, Request request, CallChain chain);
}
