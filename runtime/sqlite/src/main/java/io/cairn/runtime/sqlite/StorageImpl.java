package io.cairn.runtime.sqlite;

import io.cairn.api.KvStorage;
import io.cairn.api.SqlStorage;
import io.cairn.api.Storage;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The {@link Storage} handed to object code. The same instance serves every event; each call
 * checks that an event is in progress.
 */
final class StorageImpl implements Storage {

    private final EventTransaction transaction;
    private final SqlStorage sql;
    private final KvStorageImpl kv;
    private final AlarmStore alarm;
    private final SchemaReset schema;
    private final LongSupplier databaseSize;

    StorageImpl(EventTransaction transaction, SqlStorage sql, KvStorageImpl kv, AlarmStore alarm, SchemaReset schema,
            LongSupplier databaseSize) {
        this.transaction = transaction;
        this.sql = sql;
        this.kv = kv;
        this.alarm = alarm;
        this.schema = schema;
        this.databaseSize = databaseSize;
    }

    @Override
    public SqlStorage sql() {
        return sql;
    }

    @Override
    public KvStorage kv() {
        return kv;
    }

    @Override
    public <T> T transactionSync(Supplier<T> body) {
        transaction.checkUsable();
        if (body == null) {
            throw new IllegalArgumentException("body must not be null");
        }
        AlarmStore.Snapshot before = alarm.snapshot();
        openSavepoint();
        T result;
        try {
            result = body.get();
        } catch (Throwable failure) {
            alarm.restore(before);
            try {
                transaction.rollbackSavepoint();
            } catch (SQLException | RuntimeException e) {
                failure.addSuppressed(e);
            }
            throw Sneaky.<RuntimeException>rethrow(failure);
        }
        transaction.checkUsable();
        try {
            transaction.releaseSavepoint();
        } catch (SQLException e) {
            throw transaction.failure(e);
        }
        return result;
    }

    /**
     * Drops the user's schema and clears KV and the alarm, in a savepoint so that a failure part-way
     * leaves everything as it was. Cursors still open are closed first: SQLite cannot drop a table
     * a statement is reading.
     */
    @Override
    public void deleteAll() {
        transaction.checkUsable();
        transaction.closeCursors();
        transactionSync(() -> {
            try {
                schema.dropUserObjects();
                kv.clear();
                alarm.delete();
                transaction.markUncountedWrite(false);
            } catch (SQLException e) {
                throw transaction.failure(e);
            }
        });
    }

    @Override
    public long databaseSize() {
        transaction.checkUsable();
        return databaseSize.getAsLong();
    }

    @Override
    public Optional<Instant> getAlarm() {
        transaction.checkUsable();
        return alarm.current();
    }

    @Override
    public void setAlarm(Instant time) {
        transaction.checkUsable();
        if (time == null) {
            throw new IllegalArgumentException("time must not be null; use deleteAlarm() to remove the alarm");
        }
        try {
            alarm.set(time);
        } catch (SQLException e) {
            throw transaction.failure(e);
        }
    }

    @Override
    public void deleteAlarm() {
        transaction.checkUsable();
        try {
            alarm.delete();
        } catch (SQLException e) {
            throw transaction.failure(e);
        }
    }

    private void openSavepoint() {
        try {
            transaction.openSavepoint();
        } catch (SQLException e) {
            throw transaction.failure(e);
        }
    }

    /** Rethrows any throwable unchanged, checked or not, as transactionSync promises. */
    private static final class Sneaky {
        @SuppressWarnings("unchecked")
        static <E extends Throwable> RuntimeException rethrow(Throwable t) throws E {
            throw (E) t;
        }
    }
}
