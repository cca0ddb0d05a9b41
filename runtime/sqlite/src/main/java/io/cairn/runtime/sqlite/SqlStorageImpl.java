package io.cairn.runtime.sqlite;

import io.cairn.api.SqlCursor;
import io.cairn.api.SqlException;
import io.cairn.api.SqlRow;
import io.cairn.api.SqlStorage;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * {@code exec}: checks the whole query first (nothing runs if any statement is refused), then runs
 * the statements in order. A query of several statements runs inside a savepoint so that a failure
 * part-way leaves none of its statements applied and the event can carry on.
 */
final class SqlStorageImpl implements SqlStorage {

    private final EventTransaction transaction;
    private final StatementCache statements;
    private final QueryChecker checker;
    private final LongSupplier databaseSize;

    SqlStorageImpl(EventTransaction transaction, StatementCache statements, QueryChecker checker, LongSupplier databaseSize) {
        this.transaction = transaction;
        this.statements = statements;
        this.checker = checker;
        this.databaseSize = databaseSize;
    }

    @Override
    public SqlCursor exec(String query, Object... bindings) {
        transaction.checkUsable();
        if (query == null) {
            throw new IllegalArgumentException("query must not be null");
        }
        Object[] values = bindings == null ? Bindings.NONE : bindings;
        Bindings.checkTypes(values);
        CheckedQuery checked = checker.check(query);
        long changesBefore = transaction.totalChanges();
        if (checked.statements().size() == 1) {
            return runLast(checked.last(), values, changesBefore, 0);
        }
        return runAll(checked, values, changesBefore);
    }

    @Override
    public long databaseSize() {
        transaction.checkUsable();
        return databaseSize.getAsLong();
    }

    private SqlCursor runAll(CheckedQuery checked, Object[] values, long changesBefore) {
        try {
            transaction.openSavepoint();
        } catch (SQLException e) {
            throw transaction.failure(e);
        }
        try {
            List<CheckedStatement> all = checked.statements();
            long rowsReturned = 0;
            for (int i = 0; i < all.size() - 1; i++) {
                rowsReturned += runIntermediate(all.get(i), i, all.size());
            }
            SqlCursor cursor = runLast(checked.last(), values, changesBefore, rowsReturned);
            transaction.releaseSavepoint();
            return cursor;
        } catch (SQLException e) {
            throw undo(transaction.failure(e));
        } catch (RuntimeException e) {
            throw undo(e);
        }
    }

    private RuntimeException undo(RuntimeException failure) {
        try {
            transaction.rollbackSavepoint();
        } catch (SQLException | RuntimeException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    /** Runs a statement that is not the last one to completion; returns how many rows it returned. */
    private long runIntermediate(CheckedStatement st, int index, int count) {
        PooledStatement pooled = acquire(st);
        try {
            if (pooled.parameterCount > 0) {
                throw new SqlException(SqlException.Reason.BINDING, "statement " + (index + 1) + " of " + count + " has "
                        + Bindings.plural(pooled.parameterCount, "parameter")
                        + ", but bindings apply only to the last statement; run it in an exec call of its own");
            }
            if (st.uncountedWrite()) {
                transaction.markUncountedWrite(st.schemaOnly());
            }
            pooled.statement.execute();
            long rows = 0;
            try (ResultSet rs = pooled.statement.getResultSet()) {
                while (rs != null && rs.next()) {
                    rows++;
                }
            }
            return rows;
        } catch (SQLException e) {
            throw transaction.failure(e);
        } finally {
            statements.release(pooled);
        }
    }

    private SqlCursor runLast(CheckedStatement st, Object[] values, long changesBefore, long rowsReturnedBefore) {
        PooledStatement pooled = acquire(st);
        boolean handedToCursor = false;
        try {
            Bindings.checkCount(pooled.parameterCount, values.length);
            if (values.length > 0) {
                Bindings.bind(pooled.statement, values);
            }
            if (st.uncountedWrite()) {
                transaction.markUncountedWrite(st.schemaOnly());
            }
            pooled.statement.execute();
            ResultSet rs = pooled.statement.getResultSet();
            if (rs == null) {
                long written = transaction.totalChanges() - changesBefore;
                return new SqlCursorImpl(transaction, statements, null, null, List.of(), rowsReturnedBefore + written, written);
            }
            List<String> columns = columnNames(rs);
            SqlCursorImpl cursor;
            if (st.returning()) {
                List<SqlRow> rows = new ArrayList<>();
                try (rs) {
                    while (rs.next()) {
                        rows.add(SqlCursorImpl.readRow(rs, columns));
                    }
                }
                long written = transaction.totalChanges() - changesBefore;
                cursor = SqlCursorImpl.buffered(transaction, statements, columns, rows, rowsReturnedBefore + written, written);
            } else {
                long written = transaction.totalChanges() - changesBefore;
                cursor = new SqlCursorImpl(transaction, statements, pooled, rs, columns, rowsReturnedBefore + written, written);
                handedToCursor = true;
            }
            transaction.register(cursor);
            return cursor;
        } catch (SQLException e) {
            throw transaction.failure(e);
        } finally {
            if (!handedToCursor) {
                statements.release(pooled);
            }
        }
    }

    private PooledStatement acquire(CheckedStatement st) {
        try {
            return statements.acquire(st.sql());
        } catch (SQLException e) {
            throw transaction.failure(e);
        }
    }

    private static List<String> columnNames(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int n = meta.getColumnCount();
        List<String> names = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            names.add(meta.getColumnName(i));
        }
        return names;
    }
}
