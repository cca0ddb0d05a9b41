package io.cairn.runtime.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.Storage;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The implicit event transaction and transactionSync savepoints. */
class TransactionTest extends DatabaseTestSupport {

    private static final Instant T1 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2031-01-01T00:00:00Z");

    @BeforeEach
    void schema() {
        event(s -> s.sql().exec("CREATE TABLE t (v TEXT)"));
    }

    private static void insert(Storage s, String v) {
        s.sql().exec("INSERT INTO t VALUES (?)", v);
    }

    private List<Object> values() {
        return eventResult((Storage s) -> s.sql().exec("SELECT v FROM t ORDER BY rowid").toList().stream().map(r -> r.get("v")).toList());
    }

    @Test
    void innerThrowRollsBackOnlyTheInnerWritesAndTheOuterCommits() {
        IllegalStateException boom = new IllegalStateException("inner failed");
        event(s -> s.transactionSync(() -> {
            insert(s, "outer-before");
            assertThatThrownBy(() -> s.transactionSync(() -> {
                insert(s, "inner");
                s.kv().put("inner-key", "x");
                throw boom;
            })).isSameAs(boom);
            insert(s, "outer-after");
        }));
        assertThat(values()).containsExactly("outer-before", "outer-after");
        assertThat(eventResult((Storage s) -> s.kv().get("inner-key"))).isEmpty();
    }

    @Test
    void outerThrowRollsBackEverythingItAndItsInnerTransactionsDid() {
        RuntimeException boom = new RuntimeException("outer failed");
        event(s -> {
            insert(s, "event");
            assertThatThrownBy(() -> s.transactionSync(() -> {
                insert(s, "outer");
                s.transactionSync(() -> insert(s, "inner committed to outer"));
                throw boom;
            })).isSameAs(boom);
        });
        assertThat(values()).containsExactly("event");
    }

    @Test
    void transactionSyncReturnsTheBodysResultAndNestsDeeply() {
        int result = eventResult((Storage s) -> s.transactionSync(() -> s.transactionSync(() -> s.transactionSync(() -> {
            insert(s, "deep");
            return 42;
        }))));
        assertThat(result).isEqualTo(42);
        assertThat(values()).containsExactly("deep");
    }

    @Test
    void checkedExceptionsAndErrorsPropagateUnchanged() {
        IOException checked = new IOException("checked");
        AssertionError error = new AssertionError("error");
        event(s -> {
            assertThatThrownBy(() -> s.transactionSync(() -> {
                insert(s, "a");
                throw sneaky(checked);
            })).isSameAs(checked);
            assertThatThrownBy(() -> s.transactionSync(() -> {
                insert(s, "b");
                throw error;
            })).isSameAs(error);
            insert(s, "c");
        });
        assertThat(values()).containsExactly("c");
    }

    @Test
    void savepointRollbackLeavesAnOpenCursorReadable() {
        event(s -> s.sql().exec("INSERT INTO t VALUES ('1'), ('2'), ('3')"));
        event(s -> {
            var cursor = s.sql().exec("SELECT v FROM t ORDER BY rowid");
            assertThat(cursor.iterator().next().get("v")).isEqualTo("1");
            assertThatThrownBy(() -> s.transactionSync(() -> {
                insert(s, "rolled back");
                throw new IllegalStateException("undo");
            })).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> s.sql().exec("INSERT INTO t VALUES ('a'); INSERT INTO nope VALUES (1)"))
                    .isInstanceOf(io.cairn.api.SqlException.class);
            assertThat(cursor.toList()).extracting(r -> r.get("v")).containsExactly("2", "3");
        });
        assertThat(values()).containsExactly("1", "2", "3");
    }

    @Test
    void rollbackEventDiscardsTheWholeImplicitTransaction() {
        db.beginEvent();
        Storage s = db.storage();
        insert(s, "x");
        s.transactionSync(() -> insert(s, "y"));
        s.kv().put("k", "v");
        s.sql().exec("CREATE TABLE created_in_event (a)");
        s.setAlarm(T1);
        db.rollbackEvent();
        assertThat(values()).isEmpty();
        event(st -> {
            assertThat(st.kv().get("k")).isEmpty();
            assertThat(st.getAlarm()).isEmpty();
            assertThat(st.sql().exec("SELECT count(*) FROM sqlite_schema WHERE name = 'created_in_event'").one().get(0))
                    .isEqualTo(0L);
        });
        assertThat(db.committedAlarm()).isEmpty();
    }

    @Test
    void aThrowingHandlerRollsBackTheEvent() {
        assertThatThrownBy(() -> event(s -> {
            insert(s, "lost");
            throw new IllegalArgumentException("handler failed");
        })).hasMessage("handler failed");
        assertThat(values()).isEmpty();
    }

    @Test
    void alarmCacheFollowsSavepointRollback() {
        EventOutcome outcome = event(s -> {
            s.setAlarm(T1);
            assertThatThrownBy(() -> s.transactionSync(() -> {
                s.setAlarm(T2);
                assertThat(s.getAlarm()).contains(T2);
                throw new IllegalStateException("undo");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(s.getAlarm()).contains(T1);
        });
        assertThat(outcome.alarm()).contains(T1);
        assertThat(outcome.alarmChanged()).isTrue();
        assertThat(db.committedAlarm()).contains(T1);
    }

    @Test
    void alarmChangeRolledBackBySavepointIsNotReportedAsChanged() {
        event(s -> s.setAlarm(T1));
        EventOutcome outcome = event(s -> assertThatThrownBy(() -> s.transactionSync(() -> {
            s.deleteAlarm();
            throw new IllegalStateException("undo");
        })).isInstanceOf(IllegalStateException.class));
        assertThat(outcome.alarmChanged()).isFalse();
        assertThat(outcome.alarm()).contains(T1);
    }

    @Test
    void alarmCacheRevertsOnRollbackEvent() {
        event(s -> s.setAlarm(T1));
        db.beginEvent();
        db.storage().setAlarm(T2);
        assertThat(db.committedAlarm()).contains(T1);
        db.rollbackEvent();
        assertThat(db.committedAlarm()).contains(T1);
        assertThat(eventResult(Storage::getAlarm)).contains(T1);
    }

    @Test
    void eventLifecycleMisuseIsRefused() {
        assertThatThrownBy(db::commitEvent).isInstanceOf(IllegalStateException.class).hasMessageContaining("beginEvent");
        assertThatThrownBy(db::rollbackEvent).isInstanceOf(IllegalStateException.class);
        db.beginEvent();
        assertThat(db.inEvent()).isTrue();
        assertThatThrownBy(db::beginEvent).isInstanceOf(IllegalStateException.class).hasMessageContaining("in progress");
        db.rollbackEvent();
        assertThat(db.inEvent()).isFalse();
    }

    @Test
    void deferredForeignKeyViolationFailsTheCommitAndRollsBack() {
        event(s -> s.sql().exec("CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (pid REFERENCES p (id))"));
        db.beginEvent();
        db.storage().sql().exec("PRAGMA defer_foreign_keys = ON");
        db.storage().sql().exec("INSERT INTO c VALUES (7)");
        insert(db.storage(), "with the violation");
        assertThatThrownBy(db::commitEvent).isInstanceOf(ObjectDatabaseException.class)
                .hasMessageContaining("FOREIGN KEY constraint failed").hasMessageContaining(dbFile().getFileName().toString());
        assertThat(db.inEvent()).isFalse();
        assertThat(values()).isEmpty();
        assertThat(eventResult((Storage s) -> count(s, "c"))).isZero();
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
