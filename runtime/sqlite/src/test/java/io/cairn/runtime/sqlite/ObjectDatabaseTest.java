package io.cairn.runtime.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.Storage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Opening, persistence, EventOutcome, deleteAll and the alarm. */
class ObjectDatabaseTest extends DatabaseTestSupport {

    private static final Instant ALARM = Instant.parse("2030-05-06T07:08:09.123456789Z");

    @Test
    void openCreatesParentDirectoriesAndUsesWal() throws Exception {
        assertThat(db.file()).isEqualTo(dbFile().toAbsolutePath());
        assertThat(Files.exists(db.file())).isTrue();
        assertThat(db.walFile()).isEqualTo(db.file().resolveSibling("test.db-wal"));
        event(s -> s.sql().exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)"));
        assertThat(Files.size(db.walFile())).isPositive();
        assertThat(eventResult((Storage s) -> s.sql().exec("PRAGMA max_page_count").one().get(0)))
                .isEqualTo(SqliteOptions.DEFAULT_MAX_DATABASE_BYTES / 4096);
    }

    @Test
    void dataIsPersistedAcrossCloseAndReopen() {
        event(s -> s.sql().exec("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('kept')"));
        reopen();
        assertThat(eventResult((Storage s) -> s.sql().exec("SELECT x FROM t").one().getString("x"))).isEqualTo("kept");
    }

    @Test
    void alarmIsPersistedAcrossCloseAndReopen() {
        assertThat(db.committedAlarm()).isEmpty();
        EventOutcome outcome = event(s -> s.setAlarm(ALARM));
        assertThat(outcome.alarmChanged()).isTrue();
        assertThat(outcome.alarm()).contains(ALARM);
        assertThat(db.committedAlarm()).contains(ALARM);
        reopen();
        assertThat(db.committedAlarm()).contains(ALARM);
        assertThat(eventResult(Storage::getAlarm)).contains(ALARM);
        EventOutcome deleted = event(Storage::deleteAlarm);
        assertThat(deleted.alarmChanged()).isTrue();
        assertThat(deleted.alarm()).isEmpty();
        reopen();
        assertThat(db.committedAlarm()).isEmpty();
    }

    @Test
    void readOnlyEventDidNotWrite() {
        event(s -> {
            s.sql().exec("CREATE TABLE t (x); INSERT INTO t VALUES (1)");
            s.kv().put("k", "v");
        });
        EventOutcome outcome = event(s -> {
            s.sql().exec("SELECT * FROM t").toList();
            s.sql().exec("PRAGMA table_info(t)").toList();
            s.kv().get("k");
            s.kv().list();
            s.kv().delete("absent");
            s.sql().exec("UPDATE t SET x = 2 WHERE x = 99");
            s.getAlarm();
            s.databaseSize();
        });
        assertThat(outcome.wrote()).isFalse();
        assertThat(outcome.alarmChanged()).isFalse();
    }

    @Test
    void everyKindOfWriteIsReported() {
        event(s -> s.sql().exec("CREATE TABLE t (x)"));
        assertThat(event(s -> s.sql().exec("INSERT INTO t VALUES (1)")).wrote()).as("insert").isTrue();
        assertThat(event(s -> s.sql().exec("UPDATE t SET x = 2")).wrote()).as("update").isTrue();
        assertThat(event(s -> s.sql().exec("DELETE FROM t")).wrote()).as("delete").isTrue();
        assertThat(event(s -> s.sql().exec("CREATE TABLE u (y)")).wrote()).as("create table").isTrue();
        assertThat(event(s -> s.sql().exec("CREATE INDEX u_y ON u (y)")).wrote()).as("create index").isTrue();
        assertThat(event(s -> s.sql().exec("ALTER TABLE u ADD COLUMN z")).wrote()).as("alter").isTrue();
        assertThat(event(s -> s.sql().exec("DROP TABLE u")).wrote()).as("drop").isTrue();
        assertThat(event(s -> s.sql().exec("CREATE TABLE IF NOT EXISTS t (x)")).wrote())
                .as("create if not exists of an existing table changes nothing").isFalse();
        assertThat(event(s -> s.sql().exec("DROP TABLE IF EXISTS nothing_here")).wrote()).as("drop of nothing").isFalse();
        assertThat(event(s -> s.sql().exec("CREATE TABLE IF NOT EXISTS v (x)")).wrote()).as("create if not exists, new").isTrue();
        assertThat(event(s -> s.sql().exec("ANALYZE")).wrote()).as("analyze stays a write").isTrue();
        assertThat(event(s -> s.kv().put("k", "v")).wrote()).as("kv put").isTrue();
        assertThat(event(s -> s.kv().delete("k")).wrote()).as("kv delete").isTrue();
        assertThat(event(s -> s.setAlarm(ALARM)).wrote()).as("set alarm").isTrue();
        assertThat(event(Storage::deleteAlarm).wrote()).as("delete alarm").isTrue();
        assertThat(event(Storage::deleteAll).wrote()).as("deleteAll").isTrue();
        event(s -> s.sql().exec("CREATE VIRTUAL TABLE f USING fts5(body)"));
        assertThat(event(s -> s.sql().exec("INSERT INTO f VALUES ('text')")).wrote()).as("fts5 insert").isTrue();
        assertThat(event(s -> s.transactionSync(() -> s.sql().exec("INSERT INTO f VALUES ('nested')"))).wrote())
                .as("write in transactionSync").isTrue();
    }

    @Test
    void alarmChangeIsReportedEvenWhenSetToTheSameTime() {
        event(s -> s.setAlarm(ALARM));
        EventOutcome again = event(s -> s.setAlarm(ALARM));
        assertThat(again.alarmChanged()).isTrue();
        assertThat(event(s -> s.kv().put("k", "v")).alarmChanged()).isFalse();
    }

    @Test
    void deleteAllDropsEverythingAtomicallyWithTheEvent() {
        event(s -> {
            s.sql().exec("""
                    CREATE TABLE parent (id INTEGER PRIMARY KEY);
                    CREATE TABLE child (pid REFERENCES parent (id), note TEXT);
                    CREATE INDEX child_note ON child (note);
                    CREATE VIEW v AS SELECT * FROM child;
                    CREATE TRIGGER tr AFTER INSERT ON parent BEGIN SELECT 1; END;
                    CREATE VIRTUAL TABLE docs USING fts5(body);
                    CREATE TABLE seq (id INTEGER PRIMARY KEY AUTOINCREMENT);
                    INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1, 'n'); INSERT INTO docs VALUES ('d');
                    INSERT INTO seq DEFAULT VALUES
                    """);
            s.kv().put("k", "v");
            s.setAlarm(ALARM);
        });
        assertThatThrownBy(() -> event(s -> {
            s.deleteAll();
            assertThat(userObjects(s)).isEmpty();
            throw new IllegalStateException("handler failed after deleteAll");
        })).isInstanceOf(IllegalStateException.class);
        event(s -> {
            assertThat(userObjects(s)).contains("parent", "child", "child_note", "v", "tr", "docs", "seq");
            assertThat(s.kv().get("k")).contains("v");
            assertThat(s.getAlarm()).contains(ALARM);
        });
        EventOutcome outcome = event(s -> {
            s.deleteAll();
            s.sql().exec("CREATE TABLE fresh (x)");
        });
        assertThat(outcome.wrote()).isTrue();
        assertThat(outcome.alarmChanged()).isTrue();
        assertThat(outcome.alarm()).isEmpty();
        assertThat(db.committedAlarm()).isEmpty();
        event(s -> {
            assertThat(userObjects(s)).containsExactly("fresh");
            assertThat(s.kv().list()).isEmpty();
            assertThat(s.getAlarm()).isEmpty();
            assertThat(s.sql().exec("PRAGMA quick_check").one().get(0)).isEqualTo("ok");
        });
    }

    @Test
    void deleteAllClosesOpenCursorsAndTheEventContinues() {
        event(s -> s.sql().exec("CREATE TABLE t (x); INSERT INTO t VALUES (1), (2)"));
        event(s -> {
            var cursor = s.sql().exec("SELECT x FROM t");
            cursor.iterator().next();
            s.deleteAll();
            assertThatThrownBy(cursor::toList).isInstanceOf(IllegalStateException.class);
            s.kv().put("after", "deleteAll");
        });
        assertThat(eventResult((Storage s) -> s.kv().get("after"))).contains("deleteAll");
    }

    @Test
    void databaseSizeIsPageCountTimesPageSize() {
        long before = eventResult(Storage::databaseSize);
        assertThat(before).isPositive().isEqualTo(before / 4096 * 4096);
        event(s -> s.sql().exec("CREATE TABLE t (b); INSERT INTO t VALUES (randomblob(100000))"));
        long after = eventResult((Storage s) -> s.sql().databaseSize());
        assertThat(after).isGreaterThan(before + 100_000);
        assertThat(after).isEqualTo(eventResult((Storage s) -> (Long) s.sql().exec("SELECT page_count * page_size FROM pragma_page_count,"
                + " (SELECT 4096 AS page_size)").one().get(0)));
    }

    @Test
    void corruptFileIsReportedWithItsName() throws Exception {
        Path bad = dir.resolve("corrupt.db");
        Files.write(bad, "this is not a sqlite database, just some text that is long enough".repeat(100).getBytes());
        assertThatThrownBy(() -> ObjectDatabase.open(bad, SqliteOptions.defaults()))
                .isInstanceOf(ObjectDatabaseException.class)
                .hasMessageContaining(bad.toAbsolutePath().toString())
                .hasMessageContaining("not a database");
    }

    @Test
    void closeIsIdempotentAndRollsBackAnOpenEvent() {
        db.beginEvent();
        db.storage().kv().put("uncommitted", "x");
        db.close();
        db.close();
        assertThat(db.inEvent()).isFalse();
        assertThatThrownBy(db::beginEvent).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        db = ObjectDatabase.open(dbFile(), options());
        assertThat(eventResult((Storage s) -> s.kv().get("uncommitted"))).isEmpty();
    }

    @Test
    void foreignKeysFollowTheOptions() {
        db.close();
        db = ObjectDatabase.open(dir.resolve("nofk.db"), SqliteOptions.defaults().withForeignKeys(false));
        event(s -> {
            assertThat(s.sql().exec("PRAGMA foreign_keys").one().get(0)).isEqualTo(0L);
            s.sql().exec("CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (pid REFERENCES p (id)); INSERT INTO c VALUES (9)");
        });
    }

    @Test
    void walAutocheckpointFollowsTheOptions() throws Exception {
        assertThat(walSizeAfterWriting(SqliteOptions.defaults().withWalAutocheckpointPages(0), "off.db"))
                .as("no automatic checkpoint: the WAL holds every page written").isGreaterThan(10_000_000L);
        assertThat(walSizeAfterWriting(SqliteOptions.defaults().withWalAutocheckpointPages(200), "on.db"))
                .as("checkpointed every 200 pages: the WAL is restarted").isLessThan(3_000_000L);
    }

    private long walSizeAfterWriting(SqliteOptions options, String name) throws Exception {
        try (ObjectDatabase other = ObjectDatabase.open(dir.resolve(name), options)) {
            for (int i = 0; i < 10; i++) {
                other.beginEvent();
                other.storage().sql().exec("CREATE TABLE IF NOT EXISTS b (v); INSERT INTO b VALUES (randomblob(1000000))");
                other.commitEvent();
            }
            return Files.size(other.walFile());
        }
    }

    @Test
    void optionsAreValidated() {
        SqliteOptions d = SqliteOptions.defaults();
        assertThat(d.maxDatabaseBytes()).isEqualTo(10L * 1024 * 1024 * 1024);
        assertThat(d.walAutocheckpointPages()).isEqualTo(1000);
        assertThat(d.foreignKeys()).isTrue();
        assertThat(d.busyTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(d.withWalAutocheckpointPages(0).walAutocheckpointPages()).isZero();
        assertThat(d.withBusyTimeout(Duration.ZERO).busyTimeout()).isZero();
        assertThatThrownBy(() -> d.withMaxDatabaseBytes(1000)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDatabaseBytes");
        assertThatThrownBy(() -> d.withWalAutocheckpointPages(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("walAutocheckpointPages");
        assertThatThrownBy(() -> d.withBusyTimeout(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withBusyTimeout(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("busyTimeout");
    }

    private static List<Object> userObjects(Storage s) {
        return s.sql().exec("SELECT name FROM sqlite_schema WHERE name NOT LIKE 'sqlite%' AND name NOT LIKE '\\_cairn\\_%' ESCAPE '\\'"
                + " AND name NOT LIKE 'docs\\_%' ESCAPE '\\' ORDER BY name").toList().stream().map(r -> r.get("name")).toList();
    }
}
