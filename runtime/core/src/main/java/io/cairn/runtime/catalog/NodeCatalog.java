package io.cairn.runtime.catalog;

import io.cairn.api.ObjectId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Object and alarm index of one node. Thread-safe: calls serialized, each call its own
 * transaction. Alarm entries go through a connection with {@code synchronous=FULL}, because an
 * alarm lost from the index would never fire after a restart; object entries are hints that
 * must not cost every new object an fsync, so they use {@code synchronous=NORMAL}.
 */
public final class NodeCatalog implements AutoCloseable {

    private final Connection conn;
    private final Connection alarmConn;
    private final PreparedStatement addObject;
    private final PreparedStatement putAlarm;
    private final PreparedStatement deleteAlarm;

    private NodeCatalog(Connection conn, Connection alarmConn) throws SQLException {
        this.conn = conn;
        this.alarmConn = alarmConn;
        this.addObject = conn.prepareStatement("INSERT OR IGNORE INTO objects(ns, name, created_at) VALUES (?, ?, ?)");
        this.putAlarm = alarmConn.prepareStatement("INSERT OR REPLACE INTO alarms(ns, name, at_ms) VALUES (?, ?, ?)");
        this.deleteAlarm = alarmConn.prepareStatement("DELETE FROM alarms WHERE ns = ? AND name = ?");
    }

    public static NodeCatalog open(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("CREATE TABLE IF NOT EXISTS objects(ns TEXT NOT NULL, name TEXT NOT NULL, created_at INTEGER NOT NULL,"
                        + " PRIMARY KEY(ns, name)) WITHOUT ROWID");
                s.execute("CREATE TABLE IF NOT EXISTS alarms(ns TEXT NOT NULL, name TEXT NOT NULL, at_ms INTEGER NOT NULL,"
                        + " PRIMARY KEY(ns, name)) WITHOUT ROWID");
            }
            Connection alarms = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = alarms.createStatement()) {
                s.execute("PRAGMA busy_timeout=5000");
                s.execute("PRAGMA synchronous=FULL");
            }
            return new NodeCatalog(c, alarms);
        } catch (Exception e) {
            throw new IllegalStateException("cannot open the node catalog at " + file + ": " + e.getMessage(), e);
        }
    }

    /** Records that {@code id} has a database on this node (idempotent). */
    public synchronized void recordObject(ObjectId id) {
        try {
            addObject.setString(1, id.namespace());
            addObject.setString(2, id.name());
            addObject.setLong(3, System.currentTimeMillis());
            addObject.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("node catalog: cannot record " + id + ": " + e.getMessage(), e);
        }
    }

    /** Names in {@code namespace} sorted, starting with {@code prefix}, strictly after {@code after}. */
    public synchronized List<String> listObjects(String namespace, String prefix, String after, int limit) {
        String p = prefix == null ? "" : prefix;
        String lower = after != null && after.compareTo(p) >= 0 ? after : null;
        String sql = "SELECT name FROM objects WHERE ns = ? AND substr(name, 1, length(?)) = ?"
                + (lower != null ? " AND name > ?" : "") + " ORDER BY name LIMIT ?";
        try (PreparedStatement s = conn.prepareStatement(sql)) {
            int i = 1;
            s.setString(i++, namespace);
            s.setString(i++, p);
            s.setString(i++, p);
            if (lower != null) {
                s.setString(i++, lower);
            }
            s.setInt(i, limit);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("node catalog: cannot list " + namespace + ": " + e.getMessage(), e);
        }
    }

    public synchronized Map<String, Long> objectCountsByNamespace() {
        Map<String, Long> out = new java.util.TreeMap<>();
        try (Statement s = conn.createStatement(); ResultSet rs = s.executeQuery("SELECT ns, count(*) FROM objects GROUP BY ns")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("node catalog: " + e.getMessage(), e);
        }
    }

    public synchronized void putAlarm(ObjectId id, Instant at) {
        try {
            putAlarm.setString(1, id.namespace());
            putAlarm.setString(2, id.name());
            putAlarm.setLong(3, at.toEpochMilli());
            putAlarm.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("node catalog: cannot index the alarm of " + id + ": " + e.getMessage(), e);
        }
    }

    public synchronized void deleteAlarm(ObjectId id) {
        try {
            deleteAlarm.setString(1, id.namespace());
            deleteAlarm.setString(2, id.name());
            deleteAlarm.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("node catalog: cannot remove the alarm of " + id + ": " + e.getMessage(), e);
        }
    }

    /** Calls {@code each} for every indexed alarm. */
    public synchronized void forEachAlarm(BiConsumer<ObjectId, Instant> each) {
        List<Map.Entry<ObjectId, Instant>> all = new ArrayList<>();
        try (Statement s = alarmConn.createStatement(); ResultSet rs = s.executeQuery("SELECT ns, name, at_ms FROM alarms")) {
            while (rs.next()) {
                all.add(Map.entry(new ObjectId(rs.getString(1), rs.getString(2)), Instant.ofEpochMilli(rs.getLong(3))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("node catalog: cannot read alarms: " + e.getMessage(), e);
        }
        all.forEach(e -> each.accept(e.getKey(), e.getValue()));
    }

    @Override
    public synchronized void close() {
        try (alarmConn) {
            conn.close();
        } catch (SQLException e) {
            throw new IllegalStateException("node catalog: close failed: " + e.getMessage(), e);
        }
    }
}
