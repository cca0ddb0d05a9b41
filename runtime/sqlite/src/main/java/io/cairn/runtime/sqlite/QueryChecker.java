package io.cairn.runtime.sqlite;

import io.cairn.api.SqlException;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns query text into checked statements, remembering recent results: objects run the same few
 * queries over and over, and splitting plus checking is pure work on the text.
 */
final class QueryChecker {

    /** Long texts (bulk inserts with inlined values) are rarely repeated and would pin memory. */
    private static final int MAX_CACHED_QUERY_CHARS = 4096;

    private final LruCache<String, CheckedQuery> cache;

    QueryChecker(int capacity) {
        this.cache = new LruCache<>(capacity, q -> { });
    }

    CheckedQuery check(String query) {
        CheckedQuery checked = cache.get(query);
        if (checked == null) {
            checked = analyze(query);
            if (query.length() <= MAX_CACHED_QUERY_CHARS) {
                cache.put(query, checked);
            }
        }
        return checked;
    }

    static CheckedQuery analyze(String query) {
        List<SqlStatement> statements = SqlStatementSplitter.split(query);
        if (statements.isEmpty()) {
            throw new SqlException(SqlException.Reason.SQLITE_ERROR,
                    "the query contains no SQL statement (only whitespace, comments or semicolons)");
        }
        List<CheckedStatement> checked = new ArrayList<>(statements.size());
        for (SqlStatement st : statements) {
            SqliteLimits.checkStatementLength(st.text());
            checked.add(SqlPolicy.check(st));
        }
        return new CheckedQuery(checked);
    }
}
