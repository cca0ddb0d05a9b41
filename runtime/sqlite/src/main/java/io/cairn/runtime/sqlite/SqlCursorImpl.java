package io.cairn.runtime.sqlite;

import io.cairn.api.SqlCursor;
import io.cairn.api.SqlException;
import io.cairn.api.SqlRow;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Rows of the last statement of an {@code exec}, read lazily from the live result set. The
 * statement is handed back to the cache as soon as the rows run out, and at the latest when the
 * event ends (an unfinished statement would keep a read snapshot open past the commit and stop
 * checkpoints from completing).
 */
final class SqlCursorImpl implements SqlCursor {

    private final EventTransaction transaction;
    private final StatementCache statements;
    private final List<String> columns;
    private final long rowsWritten;
    private long rowsRead;
    private PooledStatement statement;
    private ResultSet resultSet;
    /** Rows read ahead of time (RETURNING), or null when rows come from {@link #resultSet}. */
    private Iterator<SqlRow> buffered;
    private SqlRow lookahead;
    private boolean invalidated;

    /** A cursor over {@code resultSet}, or with no rows when it is null. */
    SqlCursorImpl(EventTransaction transaction, StatementCache statements, PooledStatement statement, ResultSet resultSet,
            List<String> columns, long rowsRead, long rowsWritten) {
        this.transaction = transaction;
        this.statements = statements;
        this.statement = statement;
        this.resultSet = resultSet;
        this.columns = List.copyOf(columns);
        this.rowsRead = rowsRead;
        this.rowsWritten = rowsWritten;
    }

    /** A cursor over rows already read; the statement that produced them has completed. */
    static SqlCursorImpl buffered(EventTransaction transaction, StatementCache statements, List<String> columns,
            List<SqlRow> rows, long rowsRead, long rowsWritten) {
        SqlCursorImpl cursor = new SqlCursorImpl(transaction, statements, null, null, columns, rowsRead, rowsWritten);
        cursor.buffered = rows.iterator();
        return cursor;
    }

    /** Reads the current row of {@code rs}. */
    static SqlRow readRow(ResultSet rs, List<String> columns) throws SQLException {
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            Object value = rs.getObject(i + 1);
            // The driver narrows small integers to Integer; the API promises Long.
            values[i] = value instanceof Integer n ? Long.valueOf(n) : value;
        }
        return new SqlRow(columns, Arrays.asList(values));
    }

    @Override
    public List<String> columnNames() {
        return columns;
    }

    @Override
    public long rowsRead() {
        return rowsRead;
    }

    @Override
    public long rowsWritten() {
        return rowsWritten;
    }

    @Override
    public Iterator<SqlRow> iterator() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return peek() != null;
            }

            @Override
            public SqlRow next() {
                SqlRow row = take();
                if (row == null) {
                    throw new NoSuchElementException("the cursor has no more rows");
                }
                return row;
            }
        };
    }

    @Override
    public List<SqlRow> toList() {
        List<SqlRow> rows = new ArrayList<>();
        for (SqlRow row = take(); row != null; row = take()) {
            rows.add(row);
        }
        return rows;
    }

    @Override
    public SqlRow one() {
        SqlRow first = take();
        if (first == null) {
            throw new SqlException(SqlException.Reason.ROW_COUNT, "expected exactly one row, got none");
        }
        if (peek() != null) {
            finish();
            throw new SqlException(SqlException.Reason.ROW_COUNT, "expected exactly one row, got more than one");
        }
        return first;
    }

    @Override
    public Iterator<List<Object>> raw() {
        Iterator<SqlRow> rows = iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public List<Object> next() {
                return rows.next().values();
            }
        };
    }

    private SqlRow take() {
        SqlRow row = peek();
        lookahead = null;
        return row;
    }

    private SqlRow peek() {
        if (lookahead == null) {
            lookahead = fetch();
        }
        return lookahead;
    }

    private SqlRow fetch() {
        if (invalidated) {
            throw new IllegalStateException("cursor is closed: a cursor is only valid during the event that created it;"
                    + " read its rows (for example with toList()) before the handler returns");
        }
        if (buffered != null) {
            if (buffered.hasNext()) {
                rowsRead++;
                return buffered.next();
            }
            finish();
            return null;
        }
        if (resultSet == null) {
            return null;
        }
        transaction.checkUsable();
        try {
            if (!resultSet.next()) {
                finish();
                return null;
            }
            rowsRead++;
            return readRow(resultSet, columns);
        } catch (SQLException e) {
            finish();
            throw transaction.failure(e);
        }
    }

    /** Releases the statement; the rows already read stay readable. */
    private void finish() {
        if (buffered != null) {
            buffered = null;
            transaction.unregister(this);
            return;
        }
        if (resultSet == null) {
            return;
        }
        try {
            resultSet.close();
        } catch (SQLException e) {
            // The statement is reset or finalized either way; nothing to report to the user.
        }
        resultSet = null;
        statements.release(statement);
        statement = null;
        transaction.unregister(this);
    }

    /** Called when the event ends: the cursor can no longer be read. */
    void invalidate() {
        finish();
        lookahead = null;
        invalidated = true;
    }
}
