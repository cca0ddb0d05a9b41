package io.cairn.runtime.sqlite;

import io.cairn.api.SqlException;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Translates driver exceptions into the user-facing {@link SqlException} with a human message. */
final class SqliteErrors {

    private static final int SQLITE_ERROR = 1;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_NOMEM = 7;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_TOOBIG = 18;
    private static final int SQLITE_NOTADB = 26;

    private final long maxDatabaseBytes;

    SqliteErrors(long maxDatabaseBytes) {
        this.maxDatabaseBytes = maxDatabaseBytes;
    }

    SqlException translate(SQLException e) {
        String message = sqliteMessage(e);
        return switch (primaryCode(e)) {
            case SQLITE_TOOBIG -> limit("string, BLOB or row too big: the limit is " + SqliteLimits.format(SqliteLimits.MAX_VALUE_BYTES)
                    + " bytes (SQLite: " + message + ")", e);
            case SQLITE_FULL -> limit("database or disk is full: an object's database may hold at most "
                    + SqliteLimits.format(maxDatabaseBytes) + " bytes; delete data to make room (SQLite: " + message + ")", e);
            case SQLITE_ERROR -> translateError(message, e);
            case SQLITE_LOCKED -> new SqlException(SqlException.Reason.SQLITE_ERROR, message + " (a cursor of this event is"
                    + " still reading it: read the cursor to the end, for example with toList(), before dropping or changing"
                    + " the table)", e);
            default -> new SqlException(SqlException.Reason.SQLITE_ERROR, message, e);
        };
    }

    private static SqlException translateError(String message, SQLException e) {
        if (message.startsWith("too many SQL variables") || message.startsWith("variable number must be between")) {
            return limit("too many bound parameters: a statement may have at most " + SqliteLimits.MAX_BOUND_PARAMETERS
                    + " (SQLite: " + message + ")", e);
        }
        if (message.startsWith("too many columns")) {
            return limit("too many columns: a table, index or result may have at most " + SqliteLimits.MAX_COLUMNS
                    + " (SQLite: " + message + ")", e);
        }
        if (message.startsWith("LIKE or GLOB pattern too complex")) {
            return limit("LIKE or GLOB pattern too long: a pattern may be at most " + SqliteLimits.MAX_LIKE_PATTERN_BYTES
                    + " bytes (SQLite: " + message + ")", e);
        }
        return new SqlException(SqlException.Reason.SQLITE_ERROR, message, e);
    }

    /** Errors that mean the file or the process is in trouble, not the statement. */
    static boolean isStorageFailure(SQLException e) {
        int code = primaryCode(e);
        return code == SQLITE_IOERR || code == SQLITE_CORRUPT || code == SQLITE_NOTADB || code == SQLITE_NOMEM
                || code == SQLITE_CANTOPEN;
    }

    static int primaryCode(SQLException e) {
        if (e instanceof SQLiteException se && se.getResultCode() != null) {
            return se.getResultCode().code & 0xFF;
        }
        return e.getErrorCode() & 0xFF;
    }

    /**
     * SQLite's own message. The driver formats it as {@code [CODE] description (message)}; the
     * description is the generic text of the code and says less than SQLite's message.
     */
    static String sqliteMessage(SQLException e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (e instanceof SQLiteException se && se.getResultCode() != null) {
            SQLiteErrorCode code = se.getResultCode();
            String prefix = "[" + code.name() + "] " + code.message + " (";
            if (text.startsWith(prefix) && text.endsWith(")")) {
                return text.substring(prefix.length(), text.length() - 1);
            }
        }
        return text;
    }

    private static SqlException limit(String message, SQLException cause) {
        return new SqlException(SqlException.Reason.LIMIT, message, cause);
    }
}
