package io.cairn.api;

/**
 * A handle to another object. Calls block the calling handler until the callee's response is
 * ready (and durable); the caller's own input gate stays closed meanwhile.
 *
 * <p><b>Call chains.</b> A chain that comes back to an object already waiting in it
 * (A → B → A) would deadlock under one-event-at-a-time delivery, so it is refused: the inner
 * call throws {@link ObjectCallCycleException} naming the chain. A call to oneself is refused
 * the same way.
 */
public interface ObjectStub {

    ObjectId id();

    /** Sends {@code request} to the object's {@code fetch} handler and returns its response. */
    Response fetch(Request request);

    /** Shorthand for a request with the given method, path (after the object name) and UTF-8 body. */
    default Response fetch(String method, String path, String body) {
        return fetch(Request.builder(method, path).body(body).build());
    }
}
