package io.cairn.runtime.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.SqlCursor;
import io.cairn.api.SqlException;
import io.cairn.api.SqlException.Reason;
import io.cairn.api.SqlRow;
import io.cairn.api.Storage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** exec and cursor semantics, following the Durable Objects SQL API. */
class SqlConformanceTest extends DatabaseTestSupport {

    private void createItems(Storage s) {
        s.sql().exec("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT UNIQUE, price REAL, data BLOB)");
    }

    @Test
    void bindingCountMismatchIsABindingError() {
        event(this::createItems);
        SqlException tooMany = sqlFailure(Reason.BINDING,
                s -> s.sql().exec("INSERT INTO items (id, name) VALUES (?, ?)", 1, "a", "extra"));
        assertThat(tooMany).hasMessage("statement has 2 parameters but 3 bindings were given");
        SqlException tooFew = sqlFailure(Reason.BINDING, s -> s.sql().exec("SELECT ?", new Object[0]));
        assertThat(tooFew).hasMessage("statement has 1 parameter but 0 bindings were given");
        SqlException none = sqlFailure(Reason.BINDING, s -> s.sql().exec("SELECT 1", 5));
        assertThat(none).hasMessage("statement has 0 parameters but 1 binding was given");
    }

    @Test
    void numberedAndNamedParametersCountDistinctSlots() {
        assertThat(eventResult((Storage s) -> s.sql().exec("SELECT ?1 + ?1 AS v, :x AS w", 2, "n").one().values()))
                .containsExactly(4L, "n");
    }

    @Test
    void bindingsOfAnEarlierStatementAreRefused() {
        event(this::createItems);
        SqlException e = sqlFailure(Reason.BINDING,
                s -> s.sql().exec("INSERT INTO items (id) VALUES (?); SELECT * FROM items", 1));
        assertThat(e).hasMessageContaining("statement 1 of 2 has 1 parameter").hasMessageContaining("only to the last");
        assertThat(eventResult((Storage s) -> count(s, "items"))).isZero();
    }

    @Test
    void unsupportedBindingTypeIsNamed() {
        SqlException e = sqlFailure(Reason.BINDING, s -> s.sql().exec("SELECT ?, ?", 1, new BigDecimal("1.5")));
        assertThat(e).hasMessageContaining("binding 2 has unsupported type java.math.BigDecimal")
                .hasMessageContaining("String, Long");
    }

    @Test
    void everySupportedBindingTypeRoundTrips() {
        List<Object> values = eventResult((Storage s) -> s.sql().exec("SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?", null, "text", 7L, 8, (short) 9,
                (byte) 10, 1.25d, 0.1f, true, false, new byte[] {1, 2, 3}).one().values());
        assertThat(values.subList(0, 10)).containsExactly(null, "text", 7L, 8L, 9L, 10L, 1.25d, 0.1d, 1L, 0L);
        assertThat((byte[]) values.get(10)).containsExactly(1, 2, 3);
    }

    @Test
    void valuesComeBackAsLongDoubleStringBytesOrNull() {
        SqlRow row = eventResult((Storage s) -> s.sql().exec("SELECT 1 AS i, 5000000000 AS big, 2.5 AS r, 'x' AS t, x'0A0B' AS b, NULL AS n").one());
        assertThat(row.get("i")).isEqualTo(1L);
        assertThat(row.get("big")).isEqualTo(5_000_000_000L);
        assertThat(row.get("r")).isEqualTo(2.5d);
        assertThat(row.get("t")).isEqualTo("x");
        assertThat((byte[]) row.get("b")).containsExactly(10, 11);
        assertThat(row.get("n")).isNull();
    }

    @Test
    void oneRequiresExactlyOneRow() {
        event(s -> {
            createItems(s);
            s.sql().exec("INSERT INTO items (id, name) VALUES (1, 'a'), (2, 'b')");
        });
        assertThat(sqlFailure(Reason.ROW_COUNT, s -> s.sql().exec("SELECT * FROM items WHERE id > 5").one()))
                .hasMessage("expected exactly one row, got none");
        assertThat(sqlFailure(Reason.ROW_COUNT, s -> s.sql().exec("SELECT * FROM items").one()))
                .hasMessage("expected exactly one row, got more than one");
        assertThat(eventResult((Storage s) -> s.sql().exec("SELECT name FROM items WHERE id = ?", 2).one().getString("name"))).isEqualTo("b");
    }

    @Test
    void duplicateColumnNamesAreKeptInColumnNamesAndRaw() {
        event(s -> {
            SqlCursor c = s.sql().exec("SELECT 1 AS a, 2 AS a, 3 AS b");
            assertThat(c.columnNames()).containsExactly("a", "a", "b");
            Iterator<List<Object>> raw = c.raw();
            assertThat(raw.next()).containsExactly(1L, 2L, 3L);
            assertThat(raw.hasNext()).isFalse();
        });
        SqlRow row = eventResult((Storage s) -> s.sql().exec("SELECT 1 AS a, 2 AS a").one());
        assertThat(row.get("a")).as("lookup by a duplicated name returns the last").isEqualTo(2L);
        assertThat(row.values()).containsExactly(1L, 2L);
    }

    @Test
    void cursorIsConsumedOnceAcrossIteratorToListAndRaw() {
        event(s -> {
            SqlCursor c = s.sql().exec("WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 5) SELECT x FROM n");
            Iterator<SqlRow> it = c.iterator();
            assertThat(it.next().get(0)).isEqualTo(1L);
            assertThat(c.raw().next()).containsExactly(2L);
            assertThat(c.toList()).extracting(r -> r.get(0)).containsExactly(3L, 4L, 5L);
            assertThat(c.toList()).isEmpty();
            assertThat(it.hasNext()).isFalse();
        });
    }

    @Test
    void cursorIsLazyAndCountsRowsReadAsTheyAreReturned() {
        event(s -> {
            createItems(s);
            for (int i = 1; i <= 4; i++) {
                s.sql().exec("INSERT INTO items (id, name) VALUES (?, ?)", i, "n" + i);
            }
            SqlCursor c = s.sql().exec("SELECT * FROM items ORDER BY id");
            assertThat(c.rowsRead()).isZero();
            assertThat(c.rowsWritten()).isZero();
            Iterator<SqlRow> it = c.iterator();
            it.next();
            assertThat(c.rowsRead()).isEqualTo(1);
            it.next();
            c.toList();
            assertThat(c.rowsRead()).isEqualTo(4);
        });
    }

    @Test
    void rowsWrittenCountsChangedRowsAndRowsReadIncludesThem() {
        event(s -> {
            createItems(s);
            SqlCursor insert = s.sql().exec("INSERT INTO items (id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c')");
            assertThat(insert.rowsWritten()).isEqualTo(3);
            assertThat(insert.rowsRead()).isEqualTo(3);
            assertThat(insert.columnNames()).isEmpty();
            assertThat(insert.toList()).isEmpty();
            SqlCursor update = s.sql().exec("UPDATE items SET price = 1.5 WHERE id >= 2");
            assertThat(update.rowsWritten()).isEqualTo(2);
            SqlCursor none = s.sql().exec("DELETE FROM items WHERE id > 100");
            assertThat(none.rowsWritten()).isZero();
            assertThat(none.rowsRead()).isZero();
            SqlCursor returning = s.sql().exec("DELETE FROM items WHERE id <= 2 RETURNING id");
            assertThat(returning.rowsWritten()).isEqualTo(2);
            assertThat(returning.toList()).extracting(r -> r.get("id")).containsExactlyInAnyOrder(1L, 2L);
            assertThat(returning.rowsRead()).isEqualTo(4);
        });
    }

    @Test
    void multiStatementExecRunsAllAndReturnsTheLastCursor() {
        SqlCursor c = eventResult((Storage s) -> {
            SqlCursor cursor = s.sql().exec("""
                    CREATE TABLE a (x); -- first
                    INSERT INTO a VALUES (1), (2);
                    SELECT 'ignored';
                    /* the cursor is for this one */ SELECT x FROM a WHERE x > ? ORDER BY x
                    """, 0);
            assertThat(cursor.columnNames()).containsExactly("x");
            assertThat(cursor.rowsWritten()).isEqualTo(2);
            assertThat(cursor.toList()).extracting(r -> r.get("x")).containsExactly(1L, 2L);
            assertThat(cursor.rowsRead()).as("2 written + 1 returned by SELECT 'ignored' + 2 returned").isEqualTo(5);
            return cursor;
        });
        assertThat(c.rowsWritten()).isEqualTo(2);
    }

    @Test
    void failingStatementOfAMultiStatementExecUndoesTheEarlierOnes() {
        event(this::createItems);
        event(s -> {
            assertThatThrownBy(() -> s.sql().exec(
                    "INSERT INTO items (id, name) VALUES (1, 'a'); CREATE TABLE other (y); INSERT INTO missing VALUES (1)"))
                    .isInstanceOf(SqlException.class).hasMessage("no such table: missing");
            s.sql().exec("INSERT INTO items (id, name) VALUES (2, 'b')");
        });
        event(s -> {
            assertThat(s.sql().exec("SELECT id FROM items").toList()).extracting(r -> r.get("id")).containsExactly(2L);
            assertThat(s.sql().exec("SELECT count(*) FROM sqlite_schema WHERE name = 'other'").one().get(0)).isEqualTo(0L);
        });
    }

    @Test
    void caughtConstraintViolationDoesNotPoisonTheEvent() {
        event(this::createItems);
        EventOutcome outcome = event(s -> {
            s.sql().exec("INSERT INTO items (id, name) VALUES (1, 'a')");
            assertThatThrownBy(() -> s.sql().exec("INSERT INTO items (id, name) VALUES (2, 'a')"))
                    .isInstanceOfSatisfying(SqlException.class, e -> {
                        assertThat(e.reason()).isEqualTo(Reason.SQLITE_ERROR);
                        assertThat(e).hasMessageContaining("UNIQUE constraint failed: items.name");
                    });
            s.sql().exec("INSERT INTO items (id, name) VALUES (3, 'c')");
        });
        assertThat(outcome.wrote()).isTrue();
        assertThat(eventResult((Storage s) -> s.sql().exec("SELECT id FROM items ORDER BY id").toList()))
                .extracting(r -> r.get("id")).containsExactly(1L, 3L);
    }

    @Test
    void sqliteErrorsCarrySqlitesMessage() {
        assertThat(sqlFailure(Reason.SQLITE_ERROR, s -> s.sql().exec("SELECT * FROM x"))).hasMessage("no such table: x");
        assertThat(sqlFailure(Reason.SQLITE_ERROR, s -> s.sql().exec("SELEC 1"))).hasMessageContaining("syntax error");
        assertThat(sqlFailure(Reason.SQLITE_ERROR, s -> s.sql().exec("  -- nothing\n ;"))).hasMessageContaining("no SQL statement");
    }

    @Test
    void failedStatementCanBeRetriedFromTheCache() {
        event(s -> {
            s.sql().exec("CREATE TABLE t (x INTEGER NOT NULL)");
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> s.sql().exec("INSERT INTO t VALUES (?)", (Object) null)).isInstanceOf(SqlException.class);
                s.sql().exec("INSERT INTO t VALUES (?)", 1);
            }
            assertThat(count(s, "t")).isEqualTo(3);
        });
    }

    @Test
    void cachedStatementFollowsSchemaChanges() {
        event(s -> {
            s.sql().exec("CREATE TABLE t (a); INSERT INTO t VALUES (1)");
            SqlCursor before = s.sql().exec("SELECT * FROM t");
            assertThat(before.columnNames()).containsExactly("a");
            assertThat(before.toList()).hasSize(1);
            s.sql().exec("ALTER TABLE t ADD COLUMN b DEFAULT 2");
            SqlCursor after = s.sql().exec("SELECT * FROM t");
            assertThat(after.columnNames()).containsExactly("a", "b");
            assertThat(after.one().values()).containsExactly(1L, 2L);
            assertThat(s.sql().exec("SELECT * FROM t WHERE a > 5").columnNames()).as("known even with no rows")
                    .containsExactly("a", "b");
            s.sql().exec("DROP TABLE t");
            assertThatThrownBy(() -> s.sql().exec("SELECT * FROM t")).hasMessage("no such table: t");
        });
    }

    @Test
    void droppingATableAnUnfinishedCursorReadsSaysWhatToDo() {
        event(s -> {
            s.sql().exec("CREATE TABLE t (a); INSERT INTO t VALUES (1), (2)");
            SqlCursor open = s.sql().exec("SELECT a FROM t");
            open.iterator().next();
            assertThatThrownBy(() -> s.sql().exec("DROP TABLE t")).isInstanceOf(SqlException.class)
                    .hasMessageContaining("database table is locked").hasMessageContaining("read the cursor to the end");
            assertThat(open.toList()).hasSize(1);
            s.sql().exec("DROP TABLE t");
        });
    }

    @Test
    void explainQueryPlanIsAllowed() {
        event(s -> {
            s.sql().exec("CREATE TABLE t (a PRIMARY KEY)");
            assertThat(s.sql().exec("EXPLAIN QUERY PLAN SELECT * FROM t WHERE a = 1").toList()).isNotEmpty();
        });
    }

    @Test
    void sameQueryTwiceWhileTheFirstCursorIsOpenGetsTwoIndependentCursors() {
        event(s -> {
            s.sql().exec("CREATE TABLE t (x); INSERT INTO t VALUES (1), (2), (3)");
            SqlCursor first = s.sql().exec("SELECT x FROM t ORDER BY x");
            first.iterator().next();
            SqlCursor second = s.sql().exec("SELECT x FROM t ORDER BY x");
            assertThat(second.toList()).hasSize(3);
            assertThat(first.toList()).extracting(r -> r.get(0)).containsExactly(2L, 3L);
        });
    }

    @Test
    void cursorsAreClosedWhenTheEventEnds() {
        List<SqlCursor> cursors = new ArrayList<>();
        event(s -> {
            s.sql().exec("CREATE TABLE t (x); INSERT INTO t VALUES (1), (2)");
            cursors.add(s.sql().exec("SELECT x FROM t"));
        });
        SqlCursor leftOpen = cursors.getFirst();
        assertThatThrownBy(leftOpen::toList).isInstanceOf(IllegalStateException.class).hasMessageContaining("cursor is closed");
        assertThatThrownBy(leftOpen::one).isInstanceOf(IllegalStateException.class);
        assertThat(leftOpen.columnNames()).containsExactly("x");
        db.beginEvent();
        assertThatThrownBy(() -> leftOpen.iterator().hasNext()).isInstanceOf(IllegalStateException.class);
        db.rollbackEvent();
    }

    @Test
    void storageOutsideAnEventIsRefused() {
        Storage s = db.storage();
        assertThatThrownBy(() -> s.sql().exec("SELECT 1")).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("storage used outside an event");
        assertThatThrownBy(() -> s.kv().get("k")).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("storage used outside an event");
        assertThatThrownBy(s::getAlarm).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> s.transactionSync(() -> { })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::databaseSize).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void fts5AndRtreeVirtualTablesAreAllowed() {
        event(s -> {
            s.sql().exec("CREATE VIRTUAL TABLE docs USING fts5(title, body)");
            s.sql().exec("INSERT INTO docs (title, body) VALUES ('sqlite', 'small fast reliable'), ('java', 'write once')");
            assertThat(s.sql().exec("SELECT title FROM docs WHERE docs MATCH ?", "fast").one().getString("title")).isEqualTo("sqlite");
            s.sql().exec("CREATE VIRTUAL TABLE boxes USING rtree(id, minX, maxX, minY, maxY)");
            s.sql().exec("INSERT INTO boxes VALUES (1, 0, 10, 0, 10)");
            assertThat(s.sql().exec("SELECT id FROM boxes WHERE minX <= 5 AND maxX >= 5").one().get("id")).isEqualTo(1L);
        });
    }

    @Test
    void triggersAreAllowedAndRun() {
        event(s -> {
            s.sql().exec("""
                    CREATE TABLE t (x);
                    CREATE TABLE audit (msg);
                    CREATE TRIGGER t_ins AFTER INSERT ON t BEGIN
                      INSERT INTO audit VALUES (CASE WHEN new.x > 1 THEN 'big' ELSE 'small' END);
                      INSERT INTO audit VALUES ('after;semicolon');
                    END;
                    INSERT INTO t VALUES (5)
                    """);
            assertThat(s.sql().exec("SELECT msg FROM audit ORDER BY rowid").toList()).extracting(r -> r.get("msg"))
                    .containsExactly("big", "after;semicolon");
        });
    }

    @Test
    void valuesStartingWithTheReservedPrefixCanBeBound() {
        assertThat(eventResult((Storage s) -> s.sql().exec("SELECT ? AS v", "_cairn_kv").one().getString("v"))).isEqualTo("_cairn_kv");
    }

    @Test
    void foreignKeysAreEnforcedByDefaultAndCanBeDeferred() {
        event(s -> s.sql().exec("CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (pid REFERENCES p (id))"));
        assertThat(sqlFailure(Reason.SQLITE_ERROR, s -> s.sql().exec("INSERT INTO c VALUES (1)")))
                .hasMessageContaining("FOREIGN KEY constraint failed");
        event(s -> {
            s.sql().exec("PRAGMA defer_foreign_keys = ON");
            s.sql().exec("INSERT INTO c VALUES (1)");
            s.sql().exec("INSERT INTO p VALUES (1)");
        });
        assertThat(eventResult((Storage s) -> count(s, "c"))).isEqualTo(1);
    }
}
