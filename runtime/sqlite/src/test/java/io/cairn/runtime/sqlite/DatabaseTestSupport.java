package io.cairn.runtime.sqlite;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.SqlException;
import io.cairn.api.Storage;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Function;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Opens a real database file per test and runs code inside events. */
abstract class DatabaseTestSupport {

    @TempDir
    Path dir;

    ObjectDatabase db;

    SqliteOptions options() {
        return SqliteOptions.defaults();
    }

    Path dbFile() {
        return dir.resolve("objects").resolve("test.db");
    }

    @BeforeEach
    void openDatabase() {
        db = ObjectDatabase.open(dbFile(), options());
    }

    @AfterEach
    void closeDatabase() {
        if (db != null) {
            db.close();
        }
    }

    void reopen() {
        db.close();
        db = ObjectDatabase.open(dbFile(), options());
    }

    /** Runs {@code body} as one event: committed when it returns, rolled back when it throws. */
    EventOutcome event(Consumer<Storage> body) {
        db.beginEvent();
        try {
            body.accept(db.storage());
        } catch (RuntimeException | Error e) {
            db.rollbackEvent();
            throw e;
        }
        return db.commitEvent();
    }

    /** Runs {@code body} in an event and returns its result. */
    <T> T eventResult(Function<Storage, T> body) {
        Object[] result = new Object[1];
        event(s -> result[0] = body.apply(s));
        @SuppressWarnings("unchecked")
        T t = (T) result[0];
        return t;
    }

    /** Asserts that {@code call}, made inside an event, throws a SqlException for {@code reason}. */
    SqlException sqlFailure(SqlException.Reason reason, Consumer<Storage> call) {
        db.beginEvent();
        try {
            SqlException[] caught = new SqlException[1];
            ThrowingCallable c = () -> call.accept(db.storage());
            assertThatThrownBy(c).isInstanceOfSatisfying(SqlException.class, e -> caught[0] = e)
                    .extracting(e -> ((SqlException) e).reason()).isEqualTo(reason);
            return caught[0];
        } finally {
            db.rollbackEvent();
        }
    }

    long count(Storage s, String table) {
        return s.sql().exec("SELECT count(*) AS n FROM " + table).one().getLong("n");
    }
}
