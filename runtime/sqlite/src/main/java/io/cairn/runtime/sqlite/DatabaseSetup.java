package io.cairn.runtime.sqlite;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import org.sqlite.SQLiteConnection;

/** Connection settings and the runtime's own tables, applied once when a database is opened. */
final class DatabaseSetup {

    private DatabaseSetup() {
    }

    /**
     * Applies journal mode, durability, limits and the size cap.
     *
     * @return the database page size in bytes
     */
    static long configure(SQLiteConnection connection, SqliteOptions options) throws SQLException {
        try (Statement st = connection.createStatement()) {
            // NORMAL does not sync the WAL on commit: the runtime's output gate makes commits durable itself.
            // Set before the WAL switch, which on a new file is a rollback-journal transaction that the
            // default FULL would cost four fsyncs.
            st.execute("PRAGMA synchronous = NORMAL");
            String mode = queryString(st, "PRAGMA journal_mode = WAL");
            if (!"wal".equalsIgnoreCase(mode)) {
                throw new SQLException("the database refused WAL journal mode (it reports '" + mode
                        + "'); WAL is required for the runtime's replication");
            }
            st.execute("PRAGMA foreign_keys = " + (options.foreignKeys() ? "ON" : "OFF"));
            st.execute("PRAGMA wal_autocheckpoint = " + options.walAutocheckpointPages());
            // Functions with side effects must not run from schema objects (views, triggers) a user defined.
            st.execute("PRAGMA trusted_schema = OFF");
            SqliteLimits.apply(connection);
            long pageSize = queryLong(st, "PRAGMA page_size");
            st.execute(String.format(Locale.ROOT, "PRAGMA max_page_count = %d", options.maxDatabaseBytes() / pageSize));
            return pageSize;
        }
    }

    static void createInternalTables(SQLiteConnection connection) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
            try {
                st.execute(KvStorageImpl.CREATE_TABLE);
                st.execute(AlarmStore.CREATE_TABLE);
                st.execute("COMMIT");
            } catch (SQLException e) {
                st.execute("ROLLBACK");
                throw e;
            }
        }
    }

    private static String queryString(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static long queryLong(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }
}
