package io.cairn.relay.capture;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A live object database as the runtime keeps it: WAL mode, no automatic checkpoints, synchronous=NORMAL,
 * one connection held open as the writer (closing the last one would checkpoint and delete the WAL).
 */
final class LiveDb implements AutoCloseable {

    interface Work {
        void run(LiveDb db) throws SQLException;
    }

    final Path file;
    final Connection conn;

    private LiveDb(Path file, Connection conn) {
        this.file = file;
        this.conn = conn;
    }

    static LiveDb create(Path file, int pageSize) throws SQLException {
        LiveDb db = new LiveDb(file, DriverManager.getConnection("jdbc:sqlite:" + file));
        db.exec("PRAGMA page_size=" + pageSize);
        try (Statement s = db.conn.createStatement(); ResultSet rs = s.executeQuery("PRAGMA journal_mode=WAL")) {
            rs.next();
            if (!"wal".equalsIgnoreCase(rs.getString(1))) {
                throw new IllegalStateException("not in WAL mode: " + rs.getString(1));
            }
        }
        db.exec("PRAGMA wal_autocheckpoint=0");
        db.exec("PRAGMA synchronous=NORMAL");
        return db;
    }

    Path wal() {
        return file.resolveSibling(file.getFileName() + "-wal");
    }

    void exec(String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = conn.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.execute();
        }
    }

    long queryLong(String sql) throws SQLException {
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** One transaction around {@code work}. */
    void tx(Work work) throws SQLException {
        conn.setAutoCommit(false);
        try {
            work.run(this);
            conn.commit();
        } catch (SQLException | RuntimeException e) {
            conn.rollback();
            throw e;
        } finally {
            conn.setAutoCommit(true);
        }
    }

    /** Runs {@code PRAGMA wal_checkpoint(mode)}; fails unless it completed (no busy). */
    void checkpoint(String mode) throws SQLException {
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(" + mode + ")")) {
            rs.next();
            if (rs.getInt(1) != 0) {
                throw new IllegalStateException("checkpoint " + mode + " was busy");
            }
        }
    }

    @Override
    public void close() throws SQLException {
        conn.close();
    }
}
