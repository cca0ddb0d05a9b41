package io.cairn.api;

/**
 * An object class. Implementations have a public constructor taking an {@link ObjectContext}
 * (or a public no-argument constructor); it runs on activation, inside the input gate, so it may
 * create tables and read state before the first event is delivered. A constructor that throws
 * fails the event that caused the activation and is retried on the next event.
 *
 * <p>Every handler runs alone: the runtime never delivers a second event to the same object
 * until the current handler has returned. A handler that throws rolls back the event's writes;
 * for {@link #fetch} the caller gets a 500 with the exception's message.
 */
public interface DurableObject {

    /** Handles an HTTP request sent to {@code /objects/{namespace}/{name}/...}. */
    Response fetch(Request request) throws Exception;

    /**
     * Called when the alarm set with {@link Storage#setAlarm} is due. Delivered at least once:
     * if this throws, it is retried with exponential backoff (2 s, 4 s, ...) up to 6 times.
     */
    default void alarm(AlarmInvocation invocation) throws Exception {
    }

    /** A message arrived on a WebSocket this object accepted (possibly while it was evicted). */
    default void webSocketMessage(WebSocket ws, WebSocketMessage message) throws Exception {
    }

    /** The peer closed a WebSocket this object accepted. */
    default void webSocketClose(WebSocket ws, int code, String reason, boolean wasClean) throws Exception {
    }

    /** A WebSocket this object accepted failed (protocol error, oversized frame, I/O error). */
    default void webSocketError(WebSocket ws, Throwable error) throws Exception {
    }
}
