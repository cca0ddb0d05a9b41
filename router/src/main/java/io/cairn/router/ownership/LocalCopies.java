package io.cairn.router.ownership;

import io.cairn.api.ObjectId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The epoch at which this node last held each object it has a copy of. A copy is current only if
 * nobody held the object since: its epoch equals the ownership record's and the record names this
 * node. Kept in {@code <data>/router/copies.db} so it survives a crash (the node then knows which
 * of its files were overtaken while it was gone).
 *
 * <p>Thread safety: all methods are synchronized; calls are short local SQLite statements.
 */
public final class LocalCopies implements AutoCloseable {

    private final Connection conn;

    public LocalCopies(Path dataDir) {
        try {
            Path dir = Files.createDirectories(dataDir.resolve("router"));
            conn = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("copies.db"));
            try (Statement s = conn.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("CREATE TABLE IF NOT EXISTS copies (ns TEXT NOT NULL, name TEXT NOT NULL, epoch INTEGER NOT NULL,"
                        + " PRIMARY KEY (ns, name)) WITHOUT ROWID");
            }
        } catch (java.io.IOException | SQLException e) {
            throw new IllegalStateException("cannot open the router's record of local copies under " + dataDir + ": " + e.getMessage(), e);
        }
    }

    public synchronized OptionalLong epoch(ObjectId id) {
        try (PreparedStatement ps = conn.prepareStatement("SELECT epoch FROM copies WHERE ns = ? AND name = ?")) {
            ps.setString(1, id.namespace());
            ps.setString(2, id.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the local copy record of " + id + " failed: " + e.getMessage(), e);
        }
    }

    public synchronized void set(ObjectId id, long epoch) {
        try (PreparedStatement ps = conn.prepareStatement("INSERT INTO copies(ns, name, epoch) VALUES (?, ?, ?)"
                + " ON CONFLICT(ns, name) DO UPDATE SET epoch = excluded.epoch")) {
            ps.setString(1, id.namespace());
            ps.setString(2, id.name());
            ps.setLong(3, epoch);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("recording the local copy of " + id + " failed: " + e.getMessage(), e);
        }
    }

    public synchronized void remove(ObjectId id) {
        try (PreparedStatement ps = conn.prepareStatement("DELETE FROM copies WHERE ns = ? AND name = ?")) {
            ps.setString(1, id.namespace());
            ps.setString(2, id.name());
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("forgetting the local copy of " + id + " failed: " + e.getMessage(), e);
        }
    }

    public synchronized List<ObjectId> all() {
        List<ObjectId> out = new ArrayList<>();
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT ns, name FROM copies ORDER BY ns, name")) {
            while (rs.next()) {
                out.add(new ObjectId(rs.getString(1), rs.getString(2)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("listing local copies failed: " + e.getMessage(), e);
        }
        return out;
    }

    @Override
    public synchronized void close() {
        try {
            conn.close();
        } catch (SQLException e) {
            // Nothing is pending: every statement above auto-commits.
        }
    }
}
