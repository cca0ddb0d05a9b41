package io.cairn.launcher;

/**
 * A failure the user can act on: the CLI prints {@code cairn: <message>} without a stack trace
 * and exits 1. The message should say what was wrong and what to do.
 */
class CliException extends RuntimeException {

    CliException(String message) {
        super(message);
    }

    CliException(String message, Throwable cause) {
        super(message, cause);
    }
}
