package io.cairn.runtime.sqlite;

import io.cairn.api.KvStorage;
import io.cairn.api.ListOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Key-value storage in the reserved table {@code _cairn_kv}. Multi-key calls loop over the cached
 * single-key statements: inside the event transaction that costs no extra sync, and one statement
 * per key stays under the 100-parameter limit the connection enforces for user SQL.
 */
final class KvStorageImpl implements KvStorage, AutoCloseable {

    static final String TABLE = SqlPolicy.RESERVED_PREFIX + "kv";
    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS " + TABLE
            + " (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID";

    private final EventTransaction transaction;
    private final ReusableStatement select;
    private final ReusableStatement upsert;
    private final ReusableStatement delete;
    private final ReusableStatement clear;
    private final KvLister lister;

    KvStorageImpl(EventTransaction transaction, Connection connection) throws SQLException {
        this.transaction = transaction;
        this.select = new ReusableStatement(connection, "SELECT value FROM " + TABLE + " WHERE key = ?");
        this.upsert = new ReusableStatement(connection, "INSERT INTO " + TABLE
                + " (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        this.delete = new ReusableStatement(connection, "DELETE FROM " + TABLE + " WHERE key = ?");
        this.clear = new ReusableStatement(connection, "DELETE FROM " + TABLE);
        this.lister = new KvLister(connection, TABLE);
    }

    @Override
    public Optional<String> get(String key) {
        transaction.checkUsable();
        KvKeys.checkKey(key);
        try {
            return Optional.ofNullable(read(key));
        } catch (SQLException e) {
            throw transaction.failure(e);
        }
    }

    @Override
    public Map<String, String> get(Collection<String> keys) {
        transaction.checkUsable();
        KvKeys.checkKeys("get", keys);
        Map<String, String> found = new LinkedHashMap<>();
        try {
            for (String key : keys) {
                String value = read(key);
                if (value != null) {
                    found.put(key, value);
                }
            }
        } catch (SQLException e) {
            throw transaction.failure(e);
        }
        return found;
    }

    @Override
    public void put(String key, String value) {
        transaction.checkUsable();
        KvKeys.checkEntry(key, value);
        try {
            write(key, value);
        } catch (SQLException e) {
            throw transaction.failure(e);
        }
    }

    @Override
    public void put(Map<String, String> entries) {
        transaction.checkUsable();
        if (entries == null) {
            throw new IllegalArgumentException("entries must not be null");
        }
        KvKeys.checkCount("put", entries.size());
        // Check everything first: a refused entry must not leave the others half-written.
        entries.forEach(KvKeys::checkEntry);
        try {
            for (Map.Entry<String, String> e : entries.entrySet()) {
                write(e.getKey(), e.getValue());
            }
        } catch (SQLException e) {
            throw transaction.failure(e);
        }
    }

    @Override
    public boolean delete(String key) {
        transaction.checkUsable();
        KvKeys.checkKey(key);
        try {
            return remove(key) > 0;
        } catch (SQLException e) {
            throw transaction.failure(e);
        }
    }

    @Override
    public int delete(Collection<String> keys) {
        transaction.checkUsable();
        KvKeys.checkKeys("delete", keys);
        int existed = 0;
        try {
            for (String key : keys) {
                existed += remove(key);
            }
        } catch (SQLException e) {
            throw transaction.failure(e);
        }
        return existed;
    }

    @Override
    public SortedMap<String, String> list(ListOptions options) {
        transaction.checkUsable();
        if (options == null) {
            throw new IllegalArgumentException("options must not be null; use ListOptions.all()");
        }
        KvKeys.checkBound("start", options.start());
        KvKeys.checkBound("startAfter", options.startAfter());
        KvKeys.checkBound("end", options.end());
        KvKeys.checkBound("prefix", options.prefix());
        SortedMap<String, String> result = new TreeMap<>(options.reverse() ? Utf8.ORDER.reversed() : Utf8.ORDER);
        try {
            lister.list(options, result);
        } catch (SQLException e) {
            throw transaction.failure(e);
        }
        return result;
    }

    /** Removes every key (deleteAll); the caller has checked the event. */
    void clear() throws SQLException {
        clear.get().executeUpdate();
    }

    private String read(String key) throws SQLException {
        PreparedStatement ps = select.get();
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private void write(String key, String value) throws SQLException {
        PreparedStatement ps = upsert.get();
        ps.setString(1, key);
        ps.setString(2, value);
        ps.executeUpdate();
    }

    private int remove(String key) throws SQLException {
        PreparedStatement ps = delete.get();
        ps.setString(1, key);
        return ps.executeUpdate();
    }

    @Override
    public void close() throws SQLException {
        select.close();
        upsert.close();
        delete.close();
        clear.close();
        lister.close();
    }
}
