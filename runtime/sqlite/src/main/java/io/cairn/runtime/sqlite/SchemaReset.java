package io.cairn.runtime.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Drops every user table, view, index and trigger (the schema part of {@code deleteAll}). */
final class SchemaReset {

    /** Objects of SQLite itself and of the runtime are kept; LIKE ignores ASCII case, as names do. */
    private static final String USER_OBJECT = "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '"
            + SqlPolicy.RESERVED_PREFIX.replace("_", "\\_") + "%' ESCAPE '\\'";

    private final Connection connection;

    SchemaReset(Connection connection) {
        this.connection = connection;
    }

    /**
     * Drops the user's schema objects. Virtual tables go first because dropping one drops its
     * shadow tables, which must not be dropped on their own. Foreign keys are deferred meanwhile:
     * with enforcement on, dropping a parent table before its child fails as an immediate
     * violation, while the deferred count is back to zero once the child is gone too.
     */
    void dropUserObjects() throws SQLException {
        try (Statement st = connection.createStatement()) {
            boolean wasDeferred = queryLong(st, "PRAGMA defer_foreign_keys") != 0;
            if (!wasDeferred) {
                st.execute("PRAGMA defer_foreign_keys = ON");
            }
            drop(st, "TABLE", names(st, "type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%'"));
            drop(st, "VIEW", names(st, "type = 'view'"));
            drop(st, "TABLE", names(st, "type = 'table'"));
            // Dropping a table drops its indexes and triggers; whatever is left is dropped explicitly.
            drop(st, "TRIGGER", names(st, "type = 'trigger'"));
            drop(st, "INDEX", names(st, "type = 'index' AND sql IS NOT NULL"));
            if (!wasDeferred) {
                st.execute("PRAGMA defer_foreign_keys = OFF");
            }
        }
    }

    private static List<String> names(Statement st, String condition) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_schema WHERE " + condition + " AND " + USER_OBJECT)) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static void drop(Statement st, String kind, List<String> names) throws SQLException {
        for (String name : names) {
            st.execute("DROP " + kind + " IF EXISTS \"" + name.replace("\"", "\"\"") + "\"");
        }
    }

    private static long queryLong(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
