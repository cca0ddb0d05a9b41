package io.cairn.runtime.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The object's single alarm, persisted in {@code _cairn_meta} and cached in memory. The cache has
 * three layers that follow the transaction: the committed value, the value as the event sees it,
 * and snapshots taken at each savepoint so that a rolled-back nested transaction restores it.
 */
final class AlarmStore implements AutoCloseable {

    static final String TABLE = SqlPolicy.RESERVED_PREFIX + "meta";
    static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS " + TABLE
            + " (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL) WITHOUT ROWID";
    private static final String ALARM_KEY = "alarm";

    /** What a savepoint restores. */
    record Snapshot(Optional<Instant> alarm, boolean touched) {
    }

    private final ReusableStatement select;
    private final ReusableStatement upsert;
    private final ReusableStatement delete;
    private Optional<Instant> committed = Optional.empty();
    private Optional<Instant> current = Optional.empty();
    private boolean touched;

    AlarmStore(Connection connection) throws SQLException {
        this.select = new ReusableStatement(connection, "SELECT value FROM " + TABLE + " WHERE key = '" + ALARM_KEY + "'");
        this.upsert = new ReusableStatement(connection, "INSERT INTO " + TABLE + " (key, value) VALUES ('" + ALARM_KEY
                + "', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
        this.delete = new ReusableStatement(connection, "DELETE FROM " + TABLE + " WHERE key = '" + ALARM_KEY + "'");
    }

    /** Reads the committed alarm at open. */
    void load() throws SQLException {
        try (ResultSet rs = select.get().executeQuery()) {
            if (rs.next()) {
                String text = rs.getString(1);
                try {
                    committed = Optional.of(Instant.parse(text));
                } catch (DateTimeParseException e) {
                    throw new SQLException("the stored alarm time '" + text + "' is not an ISO-8601 instant", e);
                }
            } else {
                committed = Optional.empty();
            }
        }
        current = committed;
        touched = false;
    }

    Optional<Instant> committed() {
        return committed;
    }

    Optional<Instant> current() {
        return current;
    }

    /** True when the event set or deleted the alarm (and that was not rolled back). */
    boolean touched() {
        return touched;
    }

    void set(Instant time) throws SQLException {
        // Instant.toString round-trips exactly (nanoseconds included) through Instant.parse.
        PreparedStatement ps = upsert.get();
        ps.setString(1, time.toString());
        ps.executeUpdate();
        current = Optional.of(time);
        touched = true;
    }

    void delete() throws SQLException {
        delete.get().executeUpdate();
        current = Optional.empty();
        touched = true;
    }

    Snapshot snapshot() {
        return new Snapshot(current, touched);
    }

    void restore(Snapshot snapshot) {
        current = snapshot.alarm();
        touched = snapshot.touched();
    }

    void eventCommitted() {
        committed = current;
        touched = false;
    }

    void eventRolledBack() {
        current = committed;
        touched = false;
    }

    @Override
    public void close() throws SQLException {
        select.close();
        upsert.close();
        delete.close();
    }
}
