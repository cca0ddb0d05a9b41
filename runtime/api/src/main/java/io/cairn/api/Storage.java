package io.cairn.api;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An object's own SQLite database. Everything written during one event is one implicit
 * transaction, committed when the handler returns and rolled back when it throws.
 */
public interface Storage {

    /** The SQL interface. */
    SqlStorage sql();

    /** The key-value interface, kept in a reserved table user SQL cannot reach. */
    KvStorage kv();

    /**
     * Runs {@code body} in a nested transaction (a savepoint): if it throws, its writes are rolled
     * back and the exception propagates; otherwise they join the event's transaction. May nest.
     */
    <T> T transactionSync(Supplier<T> body);

    /** {@link #transactionSync(Supplier)} for a body with no result. */
    default void transactionSync(Runnable body) {
        transactionSync(() -> {
            body.run();
            return null;
        });
    }

    /** Deletes every table, index, key and the alarm, atomically with the rest of the event. */
    void deleteAll();

    /** Size of the database in bytes (pages in use times page size). */
    long databaseSize();

    /** The time the alarm is set for, if one is set. */
    Optional<Instant> getAlarm();

    /** Sets (or moves) this object's single alarm; a time in the past fires as soon as possible. */
    void setAlarm(Instant time);

    void deleteAlarm();
}
