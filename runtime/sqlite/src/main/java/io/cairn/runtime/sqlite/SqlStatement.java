package io.cairn.runtime.sqlite;

import java.util.List;

/**
 * One statement of a query: its text (without the terminating {@code ;}, leading comments
 * dropped) and its tokens.
 */
record SqlStatement(String text, List<SqlToken> tokens) {

    SqlStatement {
        tokens = List.copyOf(tokens);
    }

    SqlToken token(int index) {
        return index < tokens.size() ? tokens.get(index) : null;
    }

    /** True when the token at {@code index} exists and is the bare word {@code keyword}. */
    boolean isWord(int index, String keyword) {
        SqlToken t = token(index);
        return t != null && t.isWord(keyword);
    }

    /** Index of the first token after an {@code EXPLAIN} or {@code EXPLAIN QUERY PLAN} prefix. */
    int afterExplain() {
        if (!isWord(0, "EXPLAIN")) {
            return 0;
        }
        return isWord(1, "QUERY") && isWord(2, "PLAN") ? 3 : 1;
    }
}
