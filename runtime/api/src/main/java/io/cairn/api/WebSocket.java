package io.cairn.api;

import java.util.List;

/**
 * A WebSocket accepted by an object. The node owns the connection: it stays open while the
 * object is evicted, and the same socket (same {@link #id()}) is handed to the object again when
 * it wakes. Sends made during an event leave only after the event's writes are durable.
 */
public interface WebSocket {

    int MAX_ATTACHMENT_BYTES = 16 * 1024;

    /** Stable id of this connection on its node. */
    String id();

    List<String> tags();

    void send(String text);

    void send(byte[] binary);

    /** Closes with a status code (1000 normal, 3000-4999 application) and reason. */
    void close(int code, String reason);

    /** Keeps up to 16 KiB with the socket; it survives the object's eviction. Null removes it. */
    void serializeAttachment(byte[] attachment);

    /** The attachment, or null when none. */
    byte[] deserializeAttachment();

    ReadyState readyState();

    enum ReadyState { OPEN, CLOSING, CLOSED }
}
