package io.cairn.router.forward;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketBase;

/**
 * Joins the client's WebSocket to the owner's: whole text and binary messages cross both ways, a side
 * whose peer cannot keep up is paused until the peer drains, and a close (code and reason) or an error on
 * one side closes the other. Pings are answered by Vert.x on each hop.
 *
 * <p>Threading: both sockets belong to the same request context, so every handler runs on one event loop.
 */
final class WebSocketRelay {

    private static final short ABNORMAL = 1006;
    private static final short TLS_FAILURE = 1015;
    private static final short GOING_AWAY = 1001;

    private WebSocketRelay() {
    }

    /** Starts relaying; {@code up} was paused since its handshake and is resumed here. */
    static void join(ServerWebSocket down, WebSocket up) {
        relay(up, down);
        relay(down, up);
        if (up.isClosed()) {
            closeOther(down, up);
        }
        up.resume();
        down.resume();
    }

    private static void relay(WebSocketBase from, WebSocketBase to) {
        from.textMessageHandler(text -> {
            to.writeTextMessage(text);
            throttle(from, to);
        });
        from.binaryMessageHandler(bytes -> {
            to.writeBinaryMessage(bytes);
            throttle(from, to);
        });
        to.drainHandler(v -> from.resume());
        from.closeHandler(v -> closeOther(to, from));
        from.exceptionHandler(err -> {
            if (!to.isClosed()) {
                to.close((short) 1011, "the other side of the forwarded WebSocket failed");
            }
        });
    }

    private static void throttle(WebSocketBase from, WebSocketBase to) {
        if (to.writeQueueFull()) {
            from.pause();
        }
    }

    private static void closeOther(WebSocketBase other, WebSocketBase closed) {
        if (other.isClosed()) {
            return;
        }
        Short code = closed.closeStatusCode();
        String reason = closed.closeReason();
        if (code == null || code == ABNORMAL || code == TLS_FAILURE) {
            // The connection broke without a close handshake: tell the other side its peer went away.
            other.close(GOING_AWAY, "the other side of the forwarded WebSocket went away");
        } else if (!sendable(code)) {
            other.close();
        } else {
            other.close(code, reason);
        }
    }

    /** Whether a close frame may carry {@code code} (RFC 6455 §7.4.1: 1004-1006 and 1015 may not). */
    private static boolean sendable(int code) {
        return code >= 1000 && code <= 1003 || code >= 1007 && code <= 1014 || code >= 3000 && code <= 4999;
    }
}
