package io.cairn.api;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What an object gets from the runtime: its identity, storage, WebSockets, stubs to other objects
 * and its configuration. One context per live instance; use it only from the object's handlers
 * and constructor.
 */
public interface ObjectContext {

    ObjectId id();

    /** This object's SQLite database: SQL, key-value, transactions and the alarm. */
    Storage storage();

    /** The configuration of this object's namespace, from the deployment manifest. */
    ObjectConfig config();

    /** A stub to call another object (or this namespace's other objects) by name. */
    ObjectStub stub(String namespace, String name);

    /**
     * Accepts the WebSocket requested by {@code upgradeRequest} (which must satisfy
     * {@link Request#isWebSocketUpgrade()}); return {@link Response#webSocket(WebSocket)} from
     * {@code fetch} to complete the handshake. The node keeps the socket open while the object is
     * evicted (hibernation); messages wake the object. At most 10 tags, each at most 256 chars.
     */
    WebSocket acceptWebSocket(Request upgradeRequest, String... tags);

    /** The open WebSockets this object accepted. */
    List<WebSocket> getWebSockets();

    /** The open WebSockets this object accepted with {@code tag}. */
    List<WebSocket> getWebSockets(String tag);

    /**
     * Sets a request/response pair the node answers by itself, without waking the object: a text
     * message equal to {@code request} gets {@code response} back. Pass null to remove it.
     */
    void setWebSocketAutoResponse(AutoResponse pair);

    Optional<AutoResponse> getWebSocketAutoResponse();

    /** When the node last answered {@code ws} with the auto-response, if ever. */
    Optional<Instant> getWebSocketAutoResponseTimestamp(WebSocket ws);
}
