package io.cairn.runtime.sqlite;

import io.cairn.api.SqlException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteCommitListener;
import org.sqlite.core.DB;

/**
 * The implicit transaction of one event, its nested savepoints, the cursors opened in it and
 * whether it wrote.
 *
 * <p>Events start with {@code BEGIN IMMEDIATE}. Events of one object are serialized anyway, so
 * taking the write lock up front costs no concurrency; it makes the only point where another
 * connection (operator tooling, a backup) can make us wait be {@link #begin()}, under the busy
 * timeout and reported to the runtime, instead of a {@code SQLITE_BUSY_SNAPSHOT} in the middle of
 * user code when a deferred read transaction tries to upgrade, which no timeout can resolve.
 *
 * <p>SQLite may roll back a whole transaction on its own after some errors ({@code SQLITE_FULL}
 * on a single-row insert does). The rollback hook tells us; the event is then marked lost: any
 * further storage use and the commit fail, because continuing would run the rest of the event's
 * statements outside any transaction.
 */
final class EventTransaction implements SQLiteCommitListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EventTransaction.class);

    private final Path file;
    private final SqliteErrors errors;
    private final Connection connection;
    private final DB db;
    private final ReusableStatement begin;
    private final ReusableStatement commit;
    private final ReusableStatement rollback;
    private final ReusableStatement schemaVersionQuery;
    /** Per nesting depth: SAVEPOINT, RELEASE, ROLLBACK TO. */
    private final List<ReusableStatement[]> savepoints = new ArrayList<>();
    private final List<SqlCursorImpl> cursors = new ArrayList<>();

    private boolean active;
    private boolean ending;
    private long changesAtBegin;
    private boolean uncountedWrite;
    /** Schema cookie before the event's first schema statement; -1 when it ran none. */
    private long schemaVersionAtBegin = -1;
    private String lostReason;
    private int depth;

    EventTransaction(Path file, SqliteErrors errors, Connection connection, DB db) throws SQLException {
        this.file = file;
        this.errors = errors;
        this.connection = connection;
        this.db = db;
        this.begin = new ReusableStatement(connection, "BEGIN IMMEDIATE");
        this.commit = new ReusableStatement(connection, "COMMIT");
        this.rollback = new ReusableStatement(connection, "ROLLBACK");
        this.schemaVersionQuery = new ReusableStatement(connection, "PRAGMA schema_version");
    }

    boolean active() {
        return active;
    }

    void begin() {
        if (active) {
            throw new IllegalStateException("beginEvent called while an event is in progress on " + file
                    + "; commit or roll it back first");
        }
        try {
            begin.get().execute();
            changesAtBegin = db.total_changes();
        } catch (SQLException e) {
            throw new ObjectDatabaseException("cannot start an event transaction on " + file + ": "
                    + SqliteErrors.sqliteMessage(e), e);
        }
        active = true;
        uncountedWrite = false;
        schemaVersionAtBegin = -1;
        lostReason = null;
        depth = 0;
    }

    /** Whether the event in progress may have written so far (what {@link #commit} would report). */
    boolean wroteSoFar() {
        requireActive("eventWrote");
        try {
            return uncountedWrite || db.total_changes() != changesAtBegin
                    || (schemaVersionAtBegin >= 0 && schemaVersion() != schemaVersionAtBegin);
        } catch (SQLException e) {
            return true;   // cannot tell: assume it wrote
        }
    }

    /**
     * Commits, closing the event's cursors first.
     *
     * @return whether the event may have written
     */
    boolean commit() {
        requireActive("commitEvent");
        closeCursors();
        ending = true;
        try {
            if (lostReason != null) {
                rollbackQuietly();
                throw new ObjectDatabaseException("cannot commit the event on " + file + ": " + lostReason
                        + "; the event's writes are lost");
            }
            boolean wrote = uncountedWrite || db.total_changes() != changesAtBegin
                    || (schemaVersionAtBegin >= 0 && schemaVersion() != schemaVersionAtBegin);
            commit.get().execute();
            return wrote;
        } catch (SQLException e) {
            rollbackQuietly();
            throw new ObjectDatabaseException("commit of " + file + " failed and the event's writes were rolled back: "
                    + SqliteErrors.sqliteMessage(e), e);
        } finally {
            end();
        }
    }

    void rollback() {
        requireActive("rollbackEvent");
        closeCursors();
        ending = true;
        try {
            rollback.get().execute();
        } catch (SQLException e) {
            if (lostReason == null) {
                throw new ObjectDatabaseException("rollback of " + file + " failed: " + SqliteErrors.sqliteMessage(e), e);
            }
            // SQLite already rolled the transaction back; there is nothing left to undo.
        } finally {
            end();
        }
    }

    /** Throws unless storage may be used now. */
    void checkUsable() {
        if (!active) {
            throw new IllegalStateException("storage used outside an event: storage, SQL cursors and KV calls are only valid"
                    + " while the runtime delivers an event to the object (not after the handler returned, nor from another"
                    + " thread)");
        }
        if (lostReason != null) {
            throw new ObjectDatabaseException(file + ": " + lostReason + "; this event cannot use storage any more and will fail");
        }
    }

    void requireActive(String operation) {
        if (!active) {
            throw new IllegalStateException(operation + " called on " + file + " with no event in progress; call beginEvent first");
        }
    }

    String lostReason() {
        return lostReason;
    }

    /** Marks the event as failed after an error that leaves the database unfit to continue. */
    void markLost(String reason) {
        if (lostReason == null) {
            lostReason = reason;
        }
    }

    /** Translates a failed statement, noting when the failure also ended the event's transaction. */
    SqlException failure(SQLException e) {
        SqlException translated = errors.translate(e);
        if (SqliteErrors.isStorageFailure(e)) {
            markLost("the database failed: " + translated.getMessage());
        }
        if (lostReason == null) {
            return translated;
        }
        return new SqlException(translated.reason(), translated.getMessage() + " (" + lostReason + "; this event will fail)", e);
    }

    /**
     * Notes a statement that may write without SQLite counting changed rows. Schema statements are
     * judged at commit by the schema cookie, so an idempotent {@code CREATE ... IF NOT EXISTS} in a
     * constructor does not cost every activation a durable commit.
     */
    void markUncountedWrite(boolean schemaOnly) {
        if (!schemaOnly) {
            uncountedWrite = true;
            return;
        }
        if (schemaVersionAtBegin < 0) {
            schemaVersionAtBegin = schemaVersion();
        }
    }

    private long schemaVersion() {
        try {
            try (java.sql.ResultSet rs = schemaVersionQuery.get().executeQuery()) {
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            // Unknown: count it as a write rather than risk an undurable answer.
            uncountedWrite = true;
            return -1;
        }
    }

    void openSavepoint() throws SQLException {
        statementsAt(depth)[0].get().execute();
        depth++;
    }

    void releaseSavepoint() throws SQLException {
        depth--;
        statementsAt(depth)[1].get().execute();
    }

    void rollbackSavepoint() throws SQLException {
        depth--;
        ReusableStatement[] s = statementsAt(depth);
        s[2].get().execute();
        s[1].get().execute();
    }

    private ReusableStatement[] statementsAt(int level) throws SQLException {
        while (savepoints.size() <= level) {
            String name = SqlPolicy.RESERVED_PREFIX + "sp" + savepoints.size();
            savepoints.add(new ReusableStatement[] {new ReusableStatement(connection, "SAVEPOINT " + name),
                new ReusableStatement(connection, "RELEASE " + name), new ReusableStatement(connection, "ROLLBACK TO " + name)});
        }
        return savepoints.get(level);
    }

    void register(SqlCursorImpl cursor) {
        cursors.add(cursor);
    }

    void unregister(SqlCursorImpl cursor) {
        cursors.remove(cursor);
    }

    /** Closes every cursor still open: at the end of the event, and before dropping tables they may read. */
    void closeCursors() {
        for (SqlCursorImpl cursor : new ArrayList<>(cursors)) {
            cursor.invalidate();
        }
        cursors.clear();
    }

    long totalChanges() {
        try {
            return db.total_changes();
        } catch (SQLException e) {
            throw new ObjectDatabaseException("cannot read the change counter of " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onCommit() {
        if (active && !ending) {
            markLost("the event's transaction was committed unexpectedly");
        }
    }

    @Override
    public void onRollback() {
        if (active && !ending) {
            markLost("SQLite rolled back the event's transaction after an error");
        }
    }

    private void rollbackQuietly() {
        try {
            rollback.get().execute();
        } catch (SQLException e) {
            LOG.debug("{}: rollback after a failed commit: {}", file, e.getMessage());
        }
    }

    private void end() {
        ending = false;
        active = false;
        depth = 0;
    }

    @Override
    public void close() {
        closeCursors();
        List<ReusableStatement> all = new ArrayList<>(List.of(begin, commit, rollback, schemaVersionQuery));
        savepoints.forEach(s -> all.addAll(List.of(s)));
        for (ReusableStatement ps : all) {
            try {
                ps.close();
            } catch (SQLException e) {
                LOG.debug("{}: closing an internal statement: {}", file, e.getMessage());
            }
        }
    }
}
