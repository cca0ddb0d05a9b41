package io.cairn.runtime.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.sqlite.core.CoreStatement;

/**
 * A prepared statement kept for the life of the connection. The driver finalizes a statement
 * whose execution failed with most error codes (SQLITE_FULL, SQLITE_TOOBIG, I/O errors...) while
 * the Java object stays "open"; such a statement is prepared again on next use instead of
 * failing with "statement is not executing" forever after.
 */
final class ReusableStatement implements AutoCloseable {

    private final Connection connection;
    private final String sql;
    private PreparedStatement statement;

    ReusableStatement(Connection connection, String sql) throws SQLException {
        this.connection = connection;
        this.sql = sql;
        this.statement = connection.prepareStatement(sql);
    }

    PreparedStatement get() throws SQLException {
        if (isFinalized(statement)) {
            statement.close();
            statement = connection.prepareStatement(sql);
        }
        return statement;
    }

    /** True when the statement can no longer run (closed, or finalized by the driver after an error). */
    static boolean isFinalized(PreparedStatement statement) {
        try {
            if (statement.isClosed()) {
                return true;
            }
        } catch (SQLException e) {
            return true;
        }
        return statement instanceof CoreStatement core && (core.pointer == null || core.pointer.isClosed());
    }

    @Override
    public void close() throws SQLException {
        statement.close();
    }
}
