package io.cairn.runtime.sqlite;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A prepared statement lent out by a {@link StatementCache}. While leased it belongs to one
 * execution (and to the cursor reading its rows); a statement that is not cached, or was evicted
 * while leased, is closed when it is released.
 */
final class PooledStatement {

    private static final Logger LOG = LoggerFactory.getLogger(PooledStatement.class);

    final String sql;
    final PreparedStatement statement;
    /** Parameter count, read once: the driver computes it at prepare time. */
    final int parameterCount;
    boolean leased;
    boolean cached;

    PooledStatement(String sql, PreparedStatement statement, boolean cached) throws SQLException {
        this.sql = sql;
        this.statement = statement;
        this.parameterCount = statement.getParameterMetaData().getParameterCount();
        this.cached = cached;
        this.leased = true;
    }

    /** The driver finalizes a statement after most errors; such a statement cannot be reused. */
    boolean usable() {
        return !ReusableStatement.isFinalized(statement);
    }

    void closeQuietly() {
        try {
            statement.close();
        } catch (SQLException e) {
            LOG.debug("closing a prepared statement failed: {}", e.getMessage());
        }
    }
}
