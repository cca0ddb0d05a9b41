package io.cairn.bench;

import io.cairn.bench.objects.EventLog;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The raw sqlite-jdbc baseline of the write benchmarks: one connection, WAL, one single-row INSERT
 * transaction per event with {@link EventLog}'s table and statement, run back to back on the calling
 * thread. Shared by {@link WriteBench} and the replication benchmark so both divide by the same thing.
 */
public final class RawSqlite implements AutoCloseable {

    private final Connection conn;
    private final PreparedStatement insert;
    private final PreparedStatement begin;
    private final PreparedStatement commit;
    private final boolean explicit;
    private final String payload;

    /**
     * @param synchronous         {@code NORMAL} or {@code FULL}
     * @param explicitTransaction wrap each INSERT in {@code BEGIN IMMEDIATE … COMMIT} (the runtime's pattern)
     *                            instead of autocommit
     */
    public RawSqlite(Path file, String synchronous, boolean explicitTransaction, String payload) throws SQLException {
        this.payload = payload;
        this.conn = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement st = conn.createStatement()) {
            st.execute("PRAGMA journal_mode = WAL");
            st.execute("PRAGMA synchronous = " + synchronous);
            st.execute("PRAGMA foreign_keys = ON");
            st.execute("PRAGMA wal_autocheckpoint = 1000");
            st.execute(EventLog.CREATE);
        }
        this.insert = conn.prepareStatement(EventLog.INSERT);
        this.begin = conn.prepareStatement("BEGIN IMMEDIATE");
        this.commit = conn.prepareStatement("COMMIT");
        this.explicit = explicitTransaction;
    }

    /** Inserts for {@code nanos}; returns transactions per second. */
    public double run(long nanos) throws SQLException {
        long start = System.nanoTime();
        long deadline = start + nanos;
        long n = 0;
        long now;
        while ((now = System.nanoTime()) < deadline) {
            if (explicit) {
                begin.execute();
            }
            insert.setLong(1, System.currentTimeMillis());
            insert.setString(2, payload);
            insert.executeUpdate();
            if (explicit) {
                commit.execute();
            }
            n++;
        }
        return n * 1e9 / (now - start);
    }

    @Override
    public void close() throws SQLException {
        conn.close();
    }
}
