package io.cairn.relay.replication;

import java.io.IOException;

/** A frame failed its length or CRC32C check, or its content is not a valid message. */
public final class ProtocolException extends IOException {

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
