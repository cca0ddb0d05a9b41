package io.cairn.runtime.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;

/**
 * Prepared statements of user SQL, kept across events by SQL text. SQLite re-prepares a cached
 * statement by itself when the schema changes. A statement still read by an open cursor cannot
 * be shared, so a second execution of the same text meanwhile gets a private one.
 */
final class StatementCache implements AutoCloseable {

    private final Connection connection;
    private final LruCache<String, PooledStatement> cache;

    StatementCache(Connection connection, int capacity) {
        this.connection = connection;
        this.cache = new LruCache<>(capacity, evicted -> {
            evicted.cached = false;
            if (!evicted.leased) {
                evicted.closeQuietly();
            }
        });
    }

    PooledStatement acquire(String sql) throws SQLException {
        PooledStatement pooled = cache.get(sql);
        if (pooled != null && !pooled.leased) {
            if (pooled.usable()) {
                pooled.leased = true;
                return pooled;
            }
            cache.remove(sql);
        }
        boolean cacheIt = pooled == null || !pooled.leased;
        PreparedStatement prepared = connection.prepareStatement(sql);
        PooledStatement fresh;
        try {
            fresh = new PooledStatement(sql, prepared, cacheIt);
        } catch (SQLException | RuntimeException e) {
            prepared.close();
            throw e;
        }
        if (cacheIt) {
            cache.put(sql, fresh);
        }
        return fresh;
    }

    void release(PooledStatement pooled) {
        pooled.leased = false;
        if (!pooled.cached) {
            pooled.closeQuietly();
        } else if (!pooled.usable()) {
            pooled.cached = false;
            cache.remove(pooled.sql, pooled);
        }
    }

    @Override
    public void close() {
        for (PooledStatement pooled : new ArrayList<>(cache.values())) {
            pooled.cached = false;
            pooled.closeQuietly();
        }
        cache.clear();
    }
}
