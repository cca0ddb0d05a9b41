package io.cairn.relay.capture;

import java.io.IOException;

/** A record failed its magic, version, length or CRC32C check, or ended before its declared length. */
public final class CorruptRecordException extends IOException {

    public CorruptRecordException(String message) {
        super(message);
    }

    public CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
