package io.cairn.runtime.sqlite;

/**
 * The object's database could not be opened, committed or used any further (I/O error, corrupt
 * file, a transaction SQLite rolled back on its own). The message names the database file; the
 * runtime should fail the event and restart the object.
 */
public class ObjectDatabaseException extends RuntimeException {

    public ObjectDatabaseException(String message) {
        super(message);
    }

    public ObjectDatabaseException(String message, Throwable cause) {
        super(message, cause);
    }
}
