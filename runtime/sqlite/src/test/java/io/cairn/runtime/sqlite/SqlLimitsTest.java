package io.cairn.runtime.sqlite;

import io.cairn.api.Storage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.SqlException;
import io.cairn.api.SqlException.Reason;
import java.util.Collections;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The platform's size and count limits. */
class SqlLimitsTest extends DatabaseTestSupport {

    @Test
    void statementOver100KbIsRefusedBeforePreparing() {
        String sql = "SELECT '" + "x".repeat(100_001) + "'";
        SqlException e = sqlFailure(Reason.LIMIT, s -> s.sql().exec(sql));
        assertThat(e).hasMessage("SQL statement is 100,010 bytes; the limit is 100,000 bytes"
                + " (pass large values as bindings instead of writing them into the SQL)");
    }

    @Test
    void statementLengthCountsUtf8Bytes() {
        String fits = "SELECT '" + "é".repeat(49_990) + "'";
        assertThat(eventResult((Storage s) -> (String) s.sql().exec(fits).one().get(0))).hasSize(49_990);
        String tooLong = "SELECT '" + "é".repeat(50_000) + "'";
        assertThat(sqlFailure(Reason.LIMIT, s -> s.sql().exec(tooLong))).hasMessageContaining("100,009 bytes");
    }

    @Test
    void eachStatementOfAQueryIsCheckedOnItsOwn() {
        String half = "SELECT '" + "y".repeat(60_000) + "'";
        event(s -> assertThat(s.sql().exec(half + ";" + half).one().values()).hasSize(1));
    }

    @Test
    void moreThan100BoundParametersIsALimitError() {
        String hundred = placeholders(100);
        assertThat(eventResult((Storage s) -> s.sql().exec("SELECT " + hundred, new Object[100]).one().size())).isEqualTo(100);
        SqlException e = sqlFailure(Reason.LIMIT, s -> s.sql().exec("SELECT " + placeholders(101), new Object[101]));
        assertThat(e).hasMessageContaining("too many bound parameters").hasMessageContaining("at most 100");
        assertThat(sqlFailure(Reason.LIMIT, s -> s.sql().exec("SELECT ?101", 1))).hasMessageContaining("at most 100");
    }

    @Test
    void stringOrBlobOver2MbIsALimitError() {
        event(s -> s.sql().exec("CREATE TABLE big (v)"));
        SqlException blob = sqlFailure(Reason.LIMIT, s -> s.sql().exec("INSERT INTO big VALUES (?)", new byte[2_000_001]));
        assertThat(blob).hasMessageContaining("too big").hasMessageContaining("2,000,000 bytes");
        sqlFailure(Reason.LIMIT, s -> s.sql().exec("INSERT INTO big VALUES (?)", "s".repeat(2_000_001)));
        sqlFailure(Reason.LIMIT, s -> s.sql().exec("SELECT randomblob(2000001)"));
        sqlFailure(Reason.LIMIT, s -> s.sql().exec("SELECT zeroblob(2000001) || 'x'"));
    }

    @Test
    void rowOver2MbIsALimitErrorEvenWhenEachValueFits() {
        event(s -> s.sql().exec("CREATE TABLE big (a, b)"));
        sqlFailure(Reason.LIMIT, s -> s.sql().exec("INSERT INTO big VALUES (?, ?)", new byte[1_000_000], new byte[1_000_000]));
        event(s -> {
            s.sql().exec("INSERT INTO big VALUES (?, ?)", new byte[1_000_000], new byte[999_000]);
            assertThat(count(s, "big")).isEqualTo(1);
        });
    }

    @Test
    void limitErrorDoesNotPoisonTheEvent() {
        event(s -> s.sql().exec("CREATE TABLE big (v)"));
        event(s -> {
            s.sql().exec("INSERT INTO big VALUES (1)");
            assertThatThrownBy(() -> s.sql().exec("INSERT INTO big VALUES (?)", new byte[2_000_001]))
                    .isInstanceOf(SqlException.class);
            s.sql().exec("INSERT INTO big VALUES (2)");
        });
        assertThat(eventResult((Storage s) -> count(s, "big"))).isEqualTo(2);
    }

    @Test
    void moreThan100ColumnsIsALimitError() {
        String hundred = IntStream.rangeClosed(1, 100).mapToObj(i -> "c" + i).collect(Collectors.joining(", "));
        event(s -> s.sql().exec("CREATE TABLE wide (" + hundred + ")"));
        SqlException e = sqlFailure(Reason.LIMIT, s -> s.sql().exec("CREATE TABLE wider (" + hundred + ", c101)"));
        assertThat(e).hasMessageContaining("too many columns").hasMessageContaining("at most 100");
        sqlFailure(Reason.LIMIT, s -> s.sql().exec("ALTER TABLE wide ADD COLUMN c101"));
    }

    @Test
    void likePatternOver50BytesIsALimitError() {
        event(s -> s.sql().exec("CREATE TABLE t (v); INSERT INTO t VALUES ('abc')"));
        String fifty = "%" + "a".repeat(49);
        assertThat(eventResult((Storage s) -> s.sql().exec("SELECT count(*) FROM t WHERE v LIKE ?", fifty).one().get(0))).isEqualTo(0L);
        SqlException e = sqlFailure(Reason.LIMIT, s -> s.sql().exec("SELECT * FROM t WHERE v LIKE ?", fifty + "b").toList());
        assertThat(e).hasMessageContaining("LIKE or GLOB pattern too long").hasMessageContaining("50 bytes");
    }

    private static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
