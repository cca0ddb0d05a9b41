package io.cairn.api;

/** A SQL statement was refused or failed; the message names what was wrong. */
public class SqlException extends CairnException {

    /** Why the statement failed. */
    public enum Reason {
        /** SQLite reported an error (syntax, constraint, missing table, ...). */
        SQLITE_ERROR,
        /** A statement the platform forbids (transactions, ATTACH, reserved names, ...). */
        FORBIDDEN,
        /** A PRAGMA outside the allowlist, or a write to a read-only one. */
        PRAGMA_NOT_ALLOWED,
        /** A size or count limit was exceeded. */
        LIMIT,
        /** Wrong number of bindings or an unsupported binding type. */
        BINDING,
        /** {@code one()} found zero or several rows. */
        ROW_COUNT
    }

    private final Reason reason;

    public SqlException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public SqlException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
