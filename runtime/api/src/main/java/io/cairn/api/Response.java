package io.cairn.api;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * An HTTP response made by an object.
 *
 * @param status HTTP status, 100..599 (101 only through {@link #webSocket(WebSocket)})
 * @param headers response headers
 * @param body response body
 * @param webSocket the accepted WebSocket when this response completes an upgrade, else null
 */
public record Response(int status, Headers headers, byte[] body, WebSocket webSocket) {

    public Response {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status " + status + " is outside 100..599");
        }
        if (status == 101 && webSocket == null) {
            throw new IllegalArgumentException("status 101 is only for Response.webSocket(accepted socket)");
        }
        headers = headers == null ? Headers.empty() : headers;
        body = body == null ? new byte[0] : body;
    }

    public static Response ok(String text) {
        return text(200, text);
    }

    public static Response text(int status, String text) {
        return new Response(status, Headers.of("content-type", "text/plain; charset=utf-8"),
                text.getBytes(StandardCharsets.UTF_8), null);
    }

    /** A response whose body is already-serialised JSON. */
    public static Response json(int status, String json) {
        return new Response(status, Headers.of("content-type", "application/json"),
                json.getBytes(StandardCharsets.UTF_8), null);
    }

    public static Response status(int status) {
        return new Response(status, Headers.empty(), new byte[0], null);
    }

    /** Completes a WebSocket upgrade with a socket accepted by {@link ObjectContext#acceptWebSocket}. */
    public static Response webSocket(WebSocket accepted) {
        return new Response(101, Headers.empty(), new byte[0], Objects.requireNonNull(accepted, "accepted"));
    }

    public static Builder builder(int status) {
        return new Builder(status);
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Response[" + status + ", " + body.length + " bytes" + (webSocket != null ? ", websocket" : "") + "]";
    }

    public static final class Builder {
        private final int status;
        private final Headers.Builder headers = Headers.builder();
        private byte[] body = new byte[0];

        private Builder(int status) {
            this.status = status;
        }

        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        public Builder body(byte[] body) {
            this.body = body;
            return this;
        }

        public Builder body(String body) {
            this.body = body.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        public Response build() {
            return new Response(status, headers.build(), body, null);
        }
    }
}
