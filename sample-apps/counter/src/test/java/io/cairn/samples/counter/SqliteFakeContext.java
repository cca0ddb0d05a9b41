package io.cairn.samples.counter;

import io.cairn.api.ObjectContext;
import io.cairn.api.SqlCursor;
import io.cairn.api.SqlRow;
import io.cairn.api.SqlStorage;
import io.cairn.api.Storage;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Just enough of an {@link ObjectContext} to run the counter over a real SQLite database: only
 * {@code storage().sql().exec(...)} works; anything else throws, so a test fails loudly if the
 * counter starts depending on more of the API. The real runtime is exercised by its own tests and
 * by the deploy module's end-to-end test.
 */
final class SqliteFakeContext implements AutoCloseable {

    private final Connection db;
    final ObjectContext context;

    SqliteFakeContext() throws SQLException {
        db = DriverManager.getConnection("jdbc:sqlite::memory:");
        SqlStorage sql = new JdbcSql(db);
        Storage storage = proxy(Storage.class, "sql", sql);
        context = proxy(ObjectContext.class, "storage", storage);
    }

    @Override
    public void close() throws SQLException {
        db.close();
    }

    private static <T> T proxy(Class<T> type, String method, Object result) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            if (m.getName().equals(method)) {
                return result;
            }
            throw new UnsupportedOperationException(type.getSimpleName() + "." + m.getName() + " is not faked");
        }));
    }

    private record JdbcSql(Connection db) implements SqlStorage {

        @Override
        public SqlCursor exec(String query, Object... bindings) {
            try (PreparedStatement st = db.prepareStatement(query)) {
                for (int i = 0; i < bindings.length; i++) {
                    st.setObject(i + 1, bindings[i]);
                }
                List<String> columns = new ArrayList<>();
                List<SqlRow> rows = new ArrayList<>();
                if (st.execute()) {
                    try (ResultSet rs = st.getResultSet()) {
                        int n = rs.getMetaData().getColumnCount();
                        for (int c = 1; c <= n; c++) {
                            columns.add(rs.getMetaData().getColumnLabel(c));
                        }
                        while (rs.next()) {
                            List<Object> values = new ArrayList<>();
                            for (int c = 1; c <= n; c++) {
                                Object v = rs.getObject(c);
                                values.add(v instanceof Integer i ? Long.valueOf(i) : v);
                            }
                            rows.add(new SqlRow(columns, values));
                        }
                    }
                }
                return new ListCursor(columns, rows);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public long databaseSize() {
            throw new UnsupportedOperationException("databaseSize is not faked");
        }
    }

    private record ListCursor(List<String> columnNames, List<SqlRow> rows) implements SqlCursor {

        @Override
        public List<SqlRow> toList() {
            return rows;
        }

        @Override
        public SqlRow one() {
            if (rows.size() != 1) {
                throw new IllegalStateException(rows.size() + " rows, expected one");
            }
            return rows.get(0);
        }

        @Override
        public Iterator<List<Object>> raw() {
            return rows.stream().map(SqlRow::values).iterator();
        }

        @Override
        public Iterator<SqlRow> iterator() {
            return rows.iterator();
        }

        @Override
        public long rowsRead() {
            return rows.size();
        }

        @Override
        public long rowsWritten() {
            return 0;
        }
    }
}
