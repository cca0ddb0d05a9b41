package io.cairn.launcher;

/** A non-2xx answer from the admin API, carrying the server's JSON error. */
final class AdminException extends CliException {

    private final int status;
    private final String code;

    AdminException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    int status() {
        return status;
    }

    /** The server's error code, e.g. {@code bad_manifest}; {@code http_<status>} when it sent none. */
    String code() {
        return code;
    }
}
