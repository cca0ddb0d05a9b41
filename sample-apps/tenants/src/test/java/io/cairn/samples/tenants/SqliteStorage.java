package io.cairn.samples.tenants;

import io.cairn.api.KvStorage;
import io.cairn.api.SqlCursor;
import io.cairn.api.SqlException;
import io.cairn.api.SqlRow;
import io.cairn.api.SqlStorage;
import io.cairn.api.Storage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * An in-memory SQLite database behind the {@link Storage} interface, so tests can run the app's
 * SQL (migrations, FTS5 queries) for real without a node. It implements only what the tenants app
 * uses: SQL and nested transactions.
 */
final class SqliteStorage implements Storage, AutoCloseable {

    private final Connection connection;
    private int savepoints;

    SqliteStorage() {
        try {
            connection = DriverManager.getConnection("jdbc:sqlite::memory:");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public SqlStorage sql() {
        return new SqlStorage() {
            @Override
            public SqlCursor exec(String query, Object... bindings) {
                return execute(query, bindings);
            }

            @Override
            public long databaseSize() {
                return SqliteStorage.this.databaseSize();
            }
        };
    }

    private SqlCursor execute(String query, Object... bindings) {
        try {
            long changesBefore = totalChanges();
            List<String> columns = new ArrayList<>();
            List<SqlRow> rows = new ArrayList<>();
            if (bindings.length == 0 && isScript(query)) {
                try (Statement statement = connection.createStatement()) {
                    statement.executeUpdate(query); // sqlite-jdbc runs every statement of a script
                }
            } else {
                try (PreparedStatement statement = connection.prepareStatement(query)) {
                    for (int i = 0; i < bindings.length; i++) {
                        statement.setObject(i + 1, bindings[i]);
                    }
                    if (statement.execute()) {
                        readRows(statement.getResultSet(), columns, rows);
                    }
                }
            }
            return new ListCursor(columns, rows, totalChanges() - changesBefore);
        } catch (SQLException e) {
            throw new SqlException(SqlException.Reason.SQLITE_ERROR, e.getMessage(), e);
        }
    }

    private static boolean isScript(String query) {
        String trimmed = query.strip();
        int semicolon = trimmed.indexOf(';');
        return semicolon >= 0 && semicolon < trimmed.length() - 1;
    }

    private static void readRows(ResultSet result, List<String> columns, List<SqlRow> rows) throws SQLException {
        try (result) {
            ResultSetMetaData meta = result.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.add(meta.getColumnLabel(i));
            }
            while (result.next()) {
                List<Object> values = new ArrayList<>();
                for (int i = 1; i <= columns.size(); i++) {
                    Object value = result.getObject(i);
                    values.add(value instanceof Integer n ? Long.valueOf(n) : value); // Cairn hands out Long
                }
                rows.add(new SqlRow(columns, values));
            }
        }
    }

    private long totalChanges() throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT total_changes()")) {
            return result.getLong(1);
        }
    }

    @Override
    public <T> T transactionSync(Supplier<T> body) {
        String name = "test_savepoint_" + savepoints++;
        run("SAVEPOINT " + name);
        try {
            T result = body.get();
            run("RELEASE " + name);
            return result;
        } catch (RuntimeException e) {
            run("ROLLBACK TO " + name);
            run("RELEASE " + name);
            throw e;
        }
    }

    private void run(String statement) {
        try (Statement s = connection.createStatement()) {
            s.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public long databaseSize() {
        return execute("SELECT page_count * page_size AS size FROM pragma_page_count(), pragma_page_size()")
                .one().getLong("size");
    }

    @Override
    public KvStorage kv() {
        throw new UnsupportedOperationException("not used by the tenants app");
    }

    @Override
    public void deleteAll() {
        throw new UnsupportedOperationException("not used by the tenants app");
    }

    @Override
    public Optional<Instant> getAlarm() {
        return Optional.empty();
    }

    @Override
    public void setAlarm(Instant time) {
        throw new UnsupportedOperationException("not used by the tenants app");
    }

    @Override
    public void deleteAlarm() {
        throw new UnsupportedOperationException("not used by the tenants app");
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    private record ListCursor(List<String> columnNames, List<SqlRow> rows, long rowsWritten) implements SqlCursor {

        @Override
        public List<SqlRow> toList() {
            return rows;
        }

        @Override
        public SqlRow one() {
            if (rows.size() != 1) {
                throw new SqlException(SqlException.Reason.ROW_COUNT, "expected one row, got " + rows.size());
            }
            return rows.getFirst();
        }

        @Override
        public Iterator<List<Object>> raw() {
            return rows.stream().map(SqlRow::values).iterator();
        }

        @Override
        public long rowsRead() {
            return rows.size();
        }

        @Override
        public Iterator<SqlRow> iterator() {
            return rows.iterator();
        }
    }
}
