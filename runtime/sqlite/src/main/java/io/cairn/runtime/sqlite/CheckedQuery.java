package io.cairn.runtime.sqlite;

import java.util.List;

/** The checked statements of one {@code exec} query, in order; never empty. */
record CheckedQuery(List<CheckedStatement> statements) {

    CheckedQuery {
        statements = List.copyOf(statements);
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("a checked query has at least one statement");
        }
    }

    CheckedStatement last() {
        return statements.getLast();
    }
}
