package io.cairn.runtime.sqlite;

import io.cairn.api.Storage;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlStatementSplitterTest {

    private static List<String> split(String sql) {
        return SqlStatementSplitter.split(sql).stream().map(SqlStatement::text).toList();
    }

    @Test
    void splitsAtTopLevelSemicolons() {
        assertThat(split("SELECT 1; SELECT 2 ;SELECT 3")).containsExactly("SELECT 1", "SELECT 2", "SELECT 3");
    }

    @Test
    void dropsEmptyStatementsAndTrailingComments() {
        assertThat(split(";; SELECT 1;;\n -- done\n")).containsExactly("SELECT 1");
        assertThat(split("  /* only a comment */ ; -- and another")).isEmpty();
        assertThat(split("")).isEmpty();
    }

    @Test
    void semicolonsInsideQuotesAndCommentsDoNotSplit() {
        assertThat(split("SELECT 'a;b', \"c;d\", `e;f`, [g;h] -- x;y\n FROM t /* ; */ WHERE x = 'it''s;'; SELECT 2"))
                .containsExactly("SELECT 'a;b', \"c;d\", `e;f`, [g;h] -- x;y\n FROM t /* ; */ WHERE x = 'it''s;'", "SELECT 2");
    }

    @Test
    void triggerBodyIsOneStatementEvenWithCaseEnd() {
        String trigger = "CREATE TRIGGER tr AFTER INSERT ON t WHEN CASE WHEN new.a > 0 THEN 1 END BEGIN"
                + " UPDATE t SET b = CASE WHEN new.a > 1 THEN 'x' ELSE CASE new.a WHEN 0 THEN 'z' END END WHERE a = new.a;"
                + " INSERT INTO log VALUES (';'); END";
        assertThat(split(trigger + "; SELECT 1")).containsExactly(trigger, "SELECT 1");
    }

    @Test
    void tempTriggerAndExplainedTriggerAreRecognised() {
        assertThat(split("CREATE TEMP TRIGGER tr AFTER DELETE ON t BEGIN DELETE FROM u; END; SELECT 1"))
                .containsExactly("CREATE TEMP TRIGGER tr AFTER DELETE ON t BEGIN DELETE FROM u; END", "SELECT 1");
        assertThat(split("EXPLAIN CREATE TRIGGER tr AFTER DELETE ON t BEGIN DELETE FROM u; END; SELECT 1")).hasSize(2);
    }

    @Test
    void beginOutsideATriggerIsAnOrdinaryStatement() {
        assertThat(split("BEGIN; INSERT INTO t VALUES (1); END")).containsExactly("BEGIN", "INSERT INTO t VALUES (1)", "END");
        assertThat(split("CREATE TABLE triggers (begin, end); SELECT 1")).containsExactly("CREATE TABLE triggers (begin, end)",
                "SELECT 1");
    }

    @Test
    void unterminatedQuoteRunsToTheEnd() {
        assertThat(split("SELECT 'abc; SELECT 2")).containsExactly("SELECT 'abc; SELECT 2");
        assertThat(split("SELECT 1 /* open comment ; SELECT 2")).containsExactly("SELECT 1");
    }

    @Test
    void tokensKnowTheirNames() {
        List<SqlToken> tokens = SqlLexer.tokenize("SELECT \"a\"\"b\", [c d], `e`, 'f''g', x'00', 1.5e-3, ?2, :name FROM t");
        assertThat(tokens).extracting(SqlToken::name).containsSubsequence("SELECT", "a\"b", "c d", "e", "f'g", "FROM", "t");
        assertThat(tokens).extracting(SqlToken::kind).contains(SqlToken.Kind.BLOB, SqlToken.Kind.NUMBER, SqlToken.Kind.VARIABLE);
        assertThat(tokens.stream().filter(t -> t.kind() == SqlToken.Kind.NUMBER).map(SqlToken::text)).containsExactly("1.5e-3");
        assertThat(tokens.stream().filter(t -> t.kind() == SqlToken.Kind.VARIABLE).map(SqlToken::text)).containsExactly("?2", ":name");
    }
}
