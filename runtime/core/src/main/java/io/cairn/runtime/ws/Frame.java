package io.cairn.runtime.ws;

/** An outbound WebSocket action produced by an object. */
public sealed interface Frame {

    record Text(String text) implements Frame {
    }

    record Binary(byte[] data) implements Frame {
    }

    record Close(int code, String reason) implements Frame {
    }
}
