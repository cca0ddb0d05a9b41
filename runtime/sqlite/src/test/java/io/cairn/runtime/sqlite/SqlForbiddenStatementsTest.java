package io.cairn.runtime.sqlite;

import io.cairn.api.Storage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.SqlException;
import io.cairn.api.SqlException.Reason;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of statement the platform refuses, and the PRAGMA allowlist. */
class SqlForbiddenStatementsTest extends DatabaseTestSupport {

    @BeforeEach
    void schema() {
        event(s -> s.sql().exec("CREATE TABLE t (x); CREATE TABLE t2 (y)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"BEGIN", "begin transaction", "BEGIN IMMEDIATE", "COMMIT", "END", "END TRANSACTION", "ROLLBACK",
        "SAVEPOINT sp", "RELEASE sp", "RELEASE SAVEPOINT sp", "ROLLBACK TO sp", "/* sneaky */ COMMIT", "-- x\n ROLLBACK",
        "EXPLAIN BEGIN"})
    void transactionControlIsRefused(String sql) {
        SqlException e = sqlFailure(Reason.FORBIDDEN, s -> s.sql().exec(sql));
        assertThat(e).hasMessageContaining("is not allowed").hasMessageContaining("storage().transactionSync");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ATTACH DATABASE 'other.db' AS other", "ATTACH ':memory:' AS m", "DETACH other"})
    void attachAndDetachAreRefused(String sql) {
        assertThat(sqlFailure(Reason.FORBIDDEN, s -> s.sql().exec(sql))).hasMessageContaining("only use its own database");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE TEMP TABLE x (a)", "CREATE TEMPORARY TABLE x (a)", "CREATE TEMP VIEW v AS SELECT 1",
        "CREATE TEMPORARY VIEW v AS SELECT 1", "CREATE TEMP TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END",
        "CREATE TABLE temp.x (a)", "CREATE VIEW \"TEMP\".v AS SELECT 1", "CREATE TABLE IF NOT EXISTS temp.x (a)"})
    void temporaryObjectsAreRefused(String sql) {
        assertThat(sqlFailure(Reason.FORBIDDEN, s -> s.sql().exec(sql))).hasMessageContaining("temp");
    }

    @ParameterizedTest
    @ValueSource(strings = {"CREATE VIRTUAL TABLE v USING fts4(a)", "CREATE VIRTUAL TABLE v USING fts3(a)",
        "CREATE VIRTUAL TABLE IF NOT EXISTS main.v USING \"dbstat\"", "create virtual table v using csv(filename='x')"})
    void virtualTablesOtherThanFts5AndRtreeAreRefused(String sql) {
        assertThat(sqlFailure(Reason.FORBIDDEN, s -> s.sql().exec(sql))).hasMessageContaining("use fts5 or rtree");
    }

    @ParameterizedTest
    @ValueSource(strings = {"VACUUM", "VACUUM INTO '/tmp/copy.db'", "vacuum main"})
    void vacuumIsRefused(String sql) {
        assertThat(sqlFailure(Reason.FORBIDDEN, s -> s.sql().exec(sql))).hasMessageContaining("VACUUM is not allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT * FROM _cairn_kv", "SELECT * FROM \"_CAIRN_KV\"", "SELECT * FROM [_cairn_meta]",
        "SELECT * FROM `_cairn_kv`", "SELECT * FROM '_cairn_kv'", "SELECT * FROM main._cairn_kv", "DELETE FROM _cairn_kv",
        "DROP TABLE _cairn_meta", "CREATE TABLE _cairn_mine (a)", "ALTER TABLE t RENAME TO _cairn_t",
        "INSERT INTO _Cairn_Meta VALUES ('alarm', 'x')", "CREATE VIEW v AS SELECT * FROM _cairn_kv",
        "CREATE TRIGGER tr AFTER INSERT ON t BEGIN DELETE FROM _cairn_kv; END",
        "CREATE VIRTUAL TABLE leak USING fts5(key, value, content='_cairn_kv')",
        "SELECT * FROM pragma_table_info('_cairn_kv')", "PRAGMA table_info(_cairn_kv)", "PRAGMA table_info('_cairn_meta')",
        "SELECT 1; SELECT * FROM _cairn_kv"})
    void reservedNamesAreRefused(String sql) {
        assertThat(sqlFailure(Reason.FORBIDDEN, s -> s.sql().exec(sql))).hasMessageContaining("is reserved")
                .hasMessageContaining("storage().kv()");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT load_extension('evil')", "SELECT LOAD_EXTENSION('evil', 'init')"})
    void loadExtensionIsRefused(String sql) {
        assertThat(sqlFailure(Reason.FORBIDDEN, s -> s.sql().exec(sql))).hasMessageContaining("load_extension");
    }

    @Test
    void nothingRunsWhenALaterStatementIsRefused() {
        sqlFailure(Reason.FORBIDDEN, s -> s.sql().exec("INSERT INTO t VALUES (1); COMMIT"));
        event(s -> {
            assertThatThrownBy(() -> s.sql().exec("INSERT INTO t VALUES (1); BEGIN")).isInstanceOf(SqlException.class);
            assertThat(count(s, "t")).isZero();
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"PRAGMA journal_mode", "PRAGMA journal_mode = DELETE", "PRAGMA synchronous = OFF",
        "PRAGMA writable_schema = ON", "PRAGMA user_version = 3", "PRAGMA main.journal_mode", "PRAGMA wal_checkpoint(TRUNCATE)",
        "PRAGMA case_sensitive_like = ON", "PRAGMA recursive_triggers = OFF", "pragma cache_size = 1",
        "PRAGMA temp.table_info(t)", "SELECT * FROM pragma_journal_mode", "SELECT * FROM \"pragma_compile_options\"",
        "SELECT * FROM 'pragma_database_list'"})
    void pragmasOutsideTheAllowlistAreRefused(String sql) {
        SqlException e = sqlFailure(Reason.PRAGMA_NOT_ALLOWED, s -> s.sql().exec(sql));
        assertThat(e).hasMessageContaining("is not allowed");
    }

    @Test
    void refusedPragmaMessageListsTheAllowedOnes() {
        assertThat(sqlFailure(Reason.PRAGMA_NOT_ALLOWED, s -> s.sql().exec("PRAGMA journal_mode")))
                .hasMessageStartingWith("PRAGMA journal_mode is not allowed; allowed: ")
                .hasMessageContaining("table_info").hasMessageContaining("foreign_keys").hasMessageContaining("optimize");
    }

    @ParameterizedTest
    @ValueSource(strings = {"PRAGMA page_size = 8192", "PRAGMA page_size(1024)", "PRAGMA max_page_count = 10",
        "PRAGMA schema_version = 1", "PRAGMA data_version = 2"})
    void writingAReadOnlyPragmaIsRefused(String sql) {
        assertThat(sqlFailure(Reason.PRAGMA_NOT_ALLOWED, s -> s.sql().exec(sql))).hasMessageContaining("is read-only");
    }

    @Test
    void foreignKeysCannotBeSwitchedInsideAnEvent() {
        assertThat(sqlFailure(Reason.PRAGMA_NOT_ALLOWED, s -> s.sql().exec("PRAGMA foreign_keys = OFF")))
                .hasMessageContaining("defer_foreign_keys");
        assertThat(eventResult((Storage s) -> s.sql().exec("PRAGMA foreign_keys").one().get(0))).isEqualTo(1L);
    }

    @Test
    void allowlistedPragmasWork() {
        event(s -> {
            s.sql().exec("CREATE INDEX t_x ON t (x)");
            List<String> sqls = List.of("PRAGMA table_info(t)", "PRAGMA table_xinfo(t)", "PRAGMA main.table_list",
                    "PRAGMA index_list(t)", "PRAGMA index_info(t_x)", "PRAGMA index_xinfo(t_x)", "PRAGMA foreign_key_list(t)",
                    "PRAGMA foreign_key_check", "PRAGMA quick_check", "PRAGMA integrity_check(10)", "PRAGMA data_version",
                    "PRAGMA page_size", "PRAGMA page_count", "PRAGMA max_page_count", "PRAGMA freelist_count",
                    "PRAGMA schema_version", "PRAGMA defer_foreign_keys", "PRAGMA defer_foreign_keys = ON", "PRAGMA optimize",
                    "SELECT name FROM pragma_table_info('t')", "SELECT * FROM pragma_index_list('t')");
            for (String sql : sqls) {
                s.sql().exec(sql).toList();
            }
            assertThat(s.sql().exec("PRAGMA table_info(t)").one().getString("name")).isEqualTo("x");
            assertThat(s.sql().exec("PRAGMA quick_check").one().getString("quick_check")).isEqualTo("ok");
            assertThat(s.sql().exec("PRAGMA page_size").one().get(0)).isEqualTo(4096L);
        });
    }

    @Test
    void ordinaryNamesThatLookLikeKeywordsAreFine() {
        event(s -> {
            s.sql().exec("CREATE TABLE \"begin\" (\"commit\" TEXT, temp TEXT, attach_log TEXT, pragma_notes TEXT)");
            s.sql().exec("INSERT INTO \"begin\" VALUES ('a', 'b', 'c', 'd')");
            assertThat(s.sql().exec("SELECT temp, attach_log, b.pragma_notes, pragma_notes FROM \"begin\" AS b").one().values())
                    .containsExactly("b", "c", "d", "d");
            s.sql().exec("UPDATE \"begin\" SET pragma_notes = 'e' WHERE pragma_notes IN (SELECT pragma_notes FROM \"begin\")");
            assertThat(s.sql().exec("SELECT 'pragma_journal_mode' AS v").one().get("v")).isEqualTo("pragma_journal_mode");
        });
    }

    @Test
    void schemaListingShowsTheRuntimeTablesButNotTheirContents() {
        event(s -> {
            s.kv().put("secret", "value");
            List<Object> names = s.sql().exec("SELECT name FROM sqlite_schema ORDER BY name").toList().stream()
                    .map(r -> r.get("name")).toList();
            assertThat(names).contains("_cairn_kv", "_cairn_meta", "t", "t2");
            assertThatThrownBy(() -> s.sql().exec("SELECT * FROM _cairn_kv")).isInstanceOf(SqlException.class);
        });
    }
}
