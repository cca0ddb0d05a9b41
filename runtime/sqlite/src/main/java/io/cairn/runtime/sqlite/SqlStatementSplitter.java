package io.cairn.runtime.sqlite;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a query into its statements at top-level {@code ;}.
 *
 * <p>A {@code CREATE TRIGGER} body ({@code BEGIN ... END}) holds statements of its own; its
 * semicolons do not end the trigger. {@code CASE ... END} expressions inside the body are
 * counted so that their {@code END} does not end the body early (SQLite's own
 * {@code sqlite3_complete} gets this wrong). Splitting must be exact: the JDBC driver prepares
 * only the first statement of the text it is given and silently ignores the rest.
 */
final class SqlStatementSplitter {

    private SqlStatementSplitter() {
    }

    static List<SqlStatement> split(String sql) {
        List<SqlToken> tokens = SqlLexer.tokenize(sql);
        List<SqlStatement> statements = new ArrayList<>();
        List<SqlToken> current = new ArrayList<>();
        TriggerState trigger = new TriggerState();
        for (SqlToken token : tokens) {
            if (token.kind() == SqlToken.Kind.SEMICOLON && !trigger.inBody()) {
                flush(sql, current, statements);
                trigger = new TriggerState();
                continue;
            }
            trigger.accept(current, token);
            current.add(token);
        }
        flush(sql, current, statements);
        return statements;
    }

    private static void flush(String sql, List<SqlToken> current, List<SqlStatement> out) {
        if (current.isEmpty()) {
            return;
        }
        int start = current.getFirst().start();
        int end = current.getLast().end();
        out.add(new SqlStatement(sql.substring(start, end), current));
        current.clear();
    }

    /** Tracks whether the statement being collected is a trigger and whether we are in its body. */
    private static final class TriggerState {
        private boolean trigger;
        private boolean body;
        private boolean bodyDone;
        private int caseDepth;

        boolean inBody() {
            return body;
        }

        void accept(List<SqlToken> before, SqlToken token) {
            if (!trigger) {
                trigger = token.isWord("TRIGGER") && startsCreateTrigger(before);
                return;
            }
            if (!body) {
                if (!bodyDone && token.isWord("BEGIN")) {
                    body = true;
                }
                return;
            }
            if (token.isWord("CASE")) {
                caseDepth++;
            } else if (token.isWord("END")) {
                if (caseDepth > 0) {
                    caseDepth--;
                } else {
                    body = false;
                    bodyDone = true;
                }
            }
        }

        /** The tokens before TRIGGER are [EXPLAIN [QUERY PLAN]] CREATE [TEMP|TEMPORARY]. */
        private static boolean startsCreateTrigger(List<SqlToken> before) {
            int i = 0;
            if (i < before.size() && before.get(i).isWord("EXPLAIN")) {
                i++;
                if (i + 1 < before.size() && before.get(i).isWord("QUERY") && before.get(i + 1).isWord("PLAN")) {
                    i += 2;
                }
            }
            if (i >= before.size() || !before.get(i).isWord("CREATE")) {
                return false;
            }
            i++;
            if (i < before.size() && (before.get(i).isWord("TEMP") || before.get(i).isWord("TEMPORARY"))) {
                i++;
            }
            return i == before.size();
        }
    }
}
