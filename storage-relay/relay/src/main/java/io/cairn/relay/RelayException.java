package io.cairn.relay;

/** A relay admin operation failed for a reason the caller can act on; carries the HTTP status and code. */
final class RelayException extends RuntimeException {

    final int status;
    final String code;

    RelayException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }
}
