package io.cairn.runtime.sqlite;

import io.cairn.api.SqlException;
import java.sql.SQLException;
import java.util.Locale;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteLimits;

/** The platform's SQL limits, applied to the connection and checked before SQLite sees a statement. */
final class SqliteLimits {

    /** Largest string, BLOB or row (SQLite's LENGTH limit also covers whole records). */
    static final int MAX_VALUE_BYTES = 2_000_000;
    static final int MAX_STATEMENT_BYTES = 100_000;
    static final int MAX_BOUND_PARAMETERS = 100;
    static final int MAX_COLUMNS = 100;
    static final int MAX_LIKE_PATTERN_BYTES = 50;
    static final int MAX_KV_KEY_BYTES = 2048;
    /**
     * A KV entry is one row holding key and value, so both must fit in {@link #MAX_VALUE_BYTES}
     * together with the record header (at most 7 bytes for two text columns; 16 leaves margin).
     */
    static final int MAX_KV_ENTRY_BYTES = MAX_VALUE_BYTES - 16;

    private SqliteLimits() {
    }

    static void apply(SQLiteConnection connection) throws SQLException {
        connection.setLimit(SQLiteLimits.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES);
        connection.setLimit(SQLiteLimits.SQLITE_LIMIT_SQL_LENGTH, MAX_STATEMENT_BYTES);
        connection.setLimit(SQLiteLimits.SQLITE_LIMIT_VARIABLE_NUMBER, MAX_BOUND_PARAMETERS);
        connection.setLimit(SQLiteLimits.SQLITE_LIMIT_COLUMN, MAX_COLUMNS);
        connection.setLimit(SQLiteLimits.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, MAX_LIKE_PATTERN_BYTES);
        // Second line of defence behind the ATTACH check of SqlPolicy.
        connection.setLimit(SQLiteLimits.SQLITE_LIMIT_ATTACHED, 0);
    }

    /** Refuses a statement longer than the limit before it is prepared, with a message that says what to do. */
    static void checkStatementLength(String statement) {
        // UTF-8 needs at most 3 bytes per UTF-16 char (a surrogate pair takes 4 bytes for 2 chars).
        if (statement.length() * 3L <= MAX_STATEMENT_BYTES) {
            return;
        }
        long bytes = Utf8.length(statement);
        if (bytes > MAX_STATEMENT_BYTES) {
            throw new SqlException(SqlException.Reason.LIMIT, "SQL statement is " + format(bytes) + " bytes; the limit is "
                    + format(MAX_STATEMENT_BYTES) + " bytes (pass large values as bindings instead of writing them into the SQL)");
        }
    }

    static String format(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
