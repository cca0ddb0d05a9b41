package io.cairn.runtime.sqlite;

import io.cairn.api.Storage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.SqlException;
import org.junit.jupiter.api.Test;

/** The per-object size cap (10 GB by default; tiny here so the test can reach it). */
class DatabaseSizeLimitTest extends DatabaseTestSupport {

    private static final long MAX_BYTES = 256 * 1024;

    @Override
    SqliteOptions options() {
        return SqliteOptions.defaults().withMaxDatabaseBytes(MAX_BYTES);
    }

    @Test
    void growingPastTheCapIsALimitErrorAndTheEventFails() {
        event(s -> s.sql().exec("CREATE TABLE blobs (b); INSERT INTO blobs VALUES (x'01')"));
        db.beginEvent();
        SqlException full = null;
        try {
            for (int i = 0; i < 100; i++) {
                db.storage().sql().exec("INSERT INTO blobs VALUES (randomblob(10000))");
            }
        } catch (SqlException e) {
            full = e;
        }
        assertThat(full).isNotNull();
        assertThat(full.reason()).isEqualTo(SqlException.Reason.LIMIT);
        assertThat(full).hasMessageContaining("at most 262,144 bytes");
        // SQLite rolls back the whole transaction on SQLITE_FULL for a single-row insert: the event cannot go on.
        assertThatThrownBy(() -> db.storage().sql().exec("SELECT 1")).isInstanceOf(ObjectDatabaseException.class)
                .hasMessageContaining("rolled back");
        assertThatThrownBy(db::commitEvent).isInstanceOf(ObjectDatabaseException.class)
                .hasMessageContaining(dbFile().getFileName().toString());
        assertThat(db.inEvent()).isFalse();
        event(s -> {
            assertThat(count(s, "blobs")).isEqualTo(1);
            assertThat(s.databaseSize()).isLessThanOrEqualTo(MAX_BYTES);
        });
    }

    @Test
    void runtimeStatementsWorkAgainAfterAFullDatabaseFailedThem() {
        db.beginEvent();
        assertThatThrownBy(() -> {
            for (int i = 0; i < 100; i++) {
                db.storage().kv().put("k" + i, "x".repeat(10_000));
            }
        }).isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.reason()).isEqualTo(SqlException.Reason.LIMIT));
        db.rollbackEvent();
        EventOutcome outcome = event(s -> {
            s.kv().put("small", "fits");
            s.setAlarm(java.time.Instant.parse("2030-01-01T00:00:00Z"));
        });
        assertThat(outcome.wrote()).isTrue();
        assertThat(eventResult((io.cairn.api.Storage s) -> s.kv().list())).containsOnlyKeys("small");
    }
}
