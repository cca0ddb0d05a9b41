package io.cairn.runtime.sqlite;

import io.cairn.api.ListOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code list} as range scans on the key's primary-key index. Each combination of bounds gets its
 * own statement (prepared once) rather than one statement with optional predicates, which SQLite
 * could not turn into a range scan.
 */
final class KvLister implements AutoCloseable {

    private static final int START = 1;
    private static final int START_AFTER = 2;
    private static final int END = 4;
    private static final int PREFIX_LOW = 8;
    private static final int PREFIX_HIGH = 16;
    private static final int REVERSE = 32;
    private static final int LIMIT = 64;

    private final Connection connection;
    private final String table;
    private final Map<Integer, ReusableStatement> statements = new HashMap<>();

    KvLister(Connection connection, String table) {
        this.connection = connection;
        this.table = table;
    }

    void list(ListOptions options, Map<String, String> into) throws SQLException {
        List<Object> arguments = new ArrayList<>(6);
        int shape = 0;
        if (options.start() != null) {
            shape |= START;
            arguments.add(options.start());
        }
        if (options.startAfter() != null) {
            shape |= START_AFTER;
            arguments.add(options.startAfter());
        }
        if (options.end() != null) {
            shape |= END;
            arguments.add(options.end());
        }
        if (options.prefix() != null && !options.prefix().isEmpty()) {
            shape |= PREFIX_LOW;
            arguments.add(options.prefix());
            String upper = Utf8.prefixUpperBound(options.prefix());
            if (upper != null) {
                shape |= PREFIX_HIGH;
                arguments.add(upper);
            }
        }
        if (options.reverse()) {
            shape |= REVERSE;
        }
        if (options.limit() > 0) {
            shape |= LIMIT;
            arguments.add(options.limit());
        }
        PreparedStatement ps = statementFor(shape);
        for (int i = 0; i < arguments.size(); i++) {
            Object argument = arguments.get(i);
            if (argument instanceof Integer n) {
                ps.setLong(i + 1, n);
            } else {
                ps.setString(i + 1, (String) argument);
            }
        }
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                into.put(rs.getString(1), rs.getString(2));
            }
        }
    }

    private PreparedStatement statementFor(int shape) throws SQLException {
        ReusableStatement ps = statements.get(shape);
        if (ps == null) {
            ps = new ReusableStatement(connection, sqlFor(shape));
            statements.put(shape, ps);
        }
        return ps.get();
    }

    private String sqlFor(int shape) {
        List<String> where = new ArrayList<>();
        if ((shape & START) != 0) {
            where.add("key >= ?");
        }
        if ((shape & START_AFTER) != 0) {
            where.add("key > ?");
        }
        if ((shape & END) != 0) {
            where.add("key < ?");
        }
        if ((shape & PREFIX_LOW) != 0) {
            where.add("key >= ?");
        }
        if ((shape & PREFIX_HIGH) != 0) {
            where.add("key < ?");
        }
        StringBuilder sql = new StringBuilder("SELECT key, value FROM ").append(table);
        if (!where.isEmpty()) {
            sql.append(" WHERE ").append(String.join(" AND ", where));
        }
        sql.append(" ORDER BY key").append((shape & REVERSE) != 0 ? " DESC" : "");
        if ((shape & LIMIT) != 0) {
            sql.append(" LIMIT ?");
        }
        return sql.toString();
    }

    @Override
    public void close() throws SQLException {
        for (ReusableStatement ps : statements.values()) {
            ps.close();
        }
        statements.clear();
    }
}
