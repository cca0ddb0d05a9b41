package io.cairn.runtime.sqlite;

import io.cairn.api.Storage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * One object's SQLite database: a single connection kept open for the object's life, the
 * event transaction, and the {@link Storage} view handed to object code.
 *
 * <p>Lifecycle per event: {@link #beginEvent()}, user code through {@link #storage()}, then
 * {@link #commitEvent()} or {@link #rollbackEvent()}. Not thread-safe; the runtime calls it from
 * one thread at a time.
 */
public final class ObjectDatabase implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectDatabase.class);
    private static final int QUERY_CACHE_ENTRIES = 128;
    private static final int STATEMENT_CACHE_ENTRIES = 32;

    private final Path file;
    private final Path walFile;
    private final SQLiteConnection connection;
    private final EventTransaction transaction;
    private final StatementCache statements;
    private final KvStorageImpl kv;
    private final AlarmStore alarm;
    private final ReusableStatement pageCount;
    private final long pageSize;
    private final StorageImpl storage;
    private boolean closed;

    private ObjectDatabase(Path file, SQLiteConnection connection, SqliteOptions options) throws SQLException {
        this.file = file;
        this.walFile = file.resolveSibling(file.getFileName() + "-wal");
        this.connection = connection;
        this.pageSize = DatabaseSetup.configure(connection, options);
        DatabaseSetup.createInternalTables(connection);
        SqliteErrors errors = new SqliteErrors(options.maxDatabaseBytes());
        this.transaction = new EventTransaction(file, errors, connection, connection.getDatabase());
        this.statements = new StatementCache(connection, STATEMENT_CACHE_ENTRIES);
        this.kv = new KvStorageImpl(transaction, connection);
        this.alarm = new AlarmStore(connection);
        this.alarm.load();
        this.pageCount = new ReusableStatement(connection, "PRAGMA page_count");
        SqlStorageImpl sql = new SqlStorageImpl(transaction, statements, new QueryChecker(QUERY_CACHE_ENTRIES), this::databaseSize);
        this.storage = new StorageImpl(transaction, sql, kv, alarm, new SchemaReset(connection), this::databaseSize);
        connection.addCommitListener(transaction);
    }

    /**
     * Opens (creating if needed) the database at {@code file}, creating missing parent directories.
     *
     * @throws ObjectDatabaseException if the file cannot be opened or is not a usable database
     */
    public static ObjectDatabase open(Path file, SqliteOptions options) {
        if (file == null || options == null) {
            throw new IllegalArgumentException("file and options must not be null");
        }
        Path absolute = file.toAbsolutePath();
        if (absolute.toString().contains("?")) {
            // The driver would read everything after '?' as connection parameters.
            throw new IllegalArgumentException("database path must not contain '?': " + absolute);
        }
        try {
            Path parent = absolute.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new ObjectDatabaseException("cannot create the directory of object database " + absolute + ": " + e, e);
        }
        SQLiteConnection connection = null;
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.enableLoadExtension(false);
            config.setBusyTimeout((int) options.busyTimeout().toMillis());
            // The API has no generated keys (RETURNING covers it); the driver's emulation costs a regex
            // per statement and an extra query per INSERT.
            config.setGetGeneratedKeys(false);
            connection = (SQLiteConnection) config.createConnection("jdbc:sqlite:" + absolute);
            return new ObjectDatabase(absolute, connection, options);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            String reason = e instanceof SQLException se ? SqliteErrors.sqliteMessage(se) : e.toString();
            throw new ObjectDatabaseException("cannot open object database " + absolute + ": " + reason, e);
        }
    }

    /** The API view for object code; valid to call at any time, usable only during an event. */
    public Storage storage() {
        return storage;
    }

    /** Starts the event's transaction. */
    public void beginEvent() {
        ensureOpen();
        transaction.begin();
    }

    /**
     * Commits the event's transaction (closing its cursors first).
     *
     * @throws ObjectDatabaseException if the commit failed; the event's writes are then rolled back
     */
    /** Whether the event in progress may have written (before deciding to commit it). */
    public boolean eventWrote() {
        ensureOpen();
        return transaction.wroteSoFar() || alarm.touched();
    }

    public EventOutcome commitEvent() {
        ensureOpen();
        boolean alarmChanged = alarm.touched();
        Optional<Instant> newAlarm = alarm.current();
        boolean wrote;
        try {
            wrote = transaction.commit();
        } catch (RuntimeException e) {
            alarm.eventRolledBack();
            throw e;
        }
        alarm.eventCommitted();
        return new EventOutcome(wrote, alarmChanged, newAlarm);
    }

    /** Discards everything the event did, in the database and in the in-memory alarm. */
    public void rollbackEvent() {
        ensureOpen();
        try {
            transaction.rollback();
        } finally {
            alarm.eventRolledBack();
        }
    }

    /** The alarm as of the last commit. */
    public Optional<Instant> committedAlarm() {
        return alarm.committed();
    }

    public Path file() {
        return file;
    }

    /** The WAL companion of {@link #file()}; it exists while the database is open. */
    public Path walFile() {
        return walFile;
    }

    /** The database page size in bytes. */
    public int pageSize() {
        return (int) pageSize;
    }

    /**
     * Copies every WAL frame into the database file and truncates the WAL to zero bytes
     * ({@code PRAGMA wal_checkpoint(TRUNCATE)}), fsyncing both. Only between events: the storage
     * relay calls it once what the WAL holds has been captured, which is what keeps the WAL bounded.
     *
     * @return true when the checkpoint completed; false when another connection blocked it
     */
    public boolean checkpoint() {
        ensureOpen();
        if (transaction.active()) {
            throw new IllegalStateException("checkpoint inside an event: checkpoint between events only");
        }
        try (java.sql.Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA wal_checkpoint(TRUNCATE)")) {
            return rs.next() && rs.getInt(1) == 0;
        } catch (SQLException e) {
            throw new ObjectDatabaseException("checkpoint of " + file + " failed: " + SqliteErrors.sqliteMessage(e), e);
        }
    }

    public boolean inEvent() {
        return !closed && transaction.active();
    }

    /** Rolls back an event still in progress and closes the connection; later calls do nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (transaction.active()) {
                transaction.rollback();
                alarm.eventRolledBack();
            }
        } catch (RuntimeException e) {
            LOG.warn("{}: rolling back the event in progress at close failed: {}", file, e.getMessage());
        }
        transaction.close();
        statements.close();
        try (connection) {
            connection.removeCommitListener(transaction);
            kv.close();
            alarm.close();
            pageCount.close();
        } catch (SQLException e) {
            throw new ObjectDatabaseException("closing object database " + file + " failed: " + SqliteErrors.sqliteMessage(e), e);
        }
    }

    private long databaseSize() {
        try (ResultSet rs = pageCount.get().executeQuery()) {
            return rs.next() ? rs.getLong(1) * pageSize : 0;
        } catch (SQLException e) {
            throw new ObjectDatabaseException("cannot read the size of " + file + ": " + SqliteErrors.sqliteMessage(e), e);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("object database " + file + " is closed");
        }
    }

    private static void closeQuietly(SQLiteConnection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("closing a connection that failed to open: {}", e.getMessage());
            }
        }
    }
}
