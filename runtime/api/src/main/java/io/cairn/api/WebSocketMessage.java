package io.cairn.api;

import java.nio.charset.StandardCharsets;

/** A message received on a WebSocket: text or binary. */
public sealed interface WebSocketMessage {

    record Text(String text) implements WebSocketMessage {
    }

    record Binary(byte[] data) implements WebSocketMessage {
    }

    /** The message as text (binary decoded as UTF-8). */
    default String asText() {
        return switch (this) {
            case Text t -> t.text();
            case Binary b -> new String(b.data(), StandardCharsets.UTF_8);
        };
    }
}
