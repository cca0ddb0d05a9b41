package io.cairn.samples.flights;

import io.cairn.api.SqlRow;
import io.cairn.api.Storage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** The flight's seats in its own database: one row per seat, with the passenger while booked. */
final class SeatMap {

    /** One seat and who holds it; {@code passenger} is null while the seat is free. */
    record SeatAssignment(String seat, String passenger) {
    }

    private final Storage storage;

    SeatMap(Storage storage) {
        this.storage = storage;
    }

    /** Creates the table and every seat the first time this flight is used; a no-op afterwards. */
    void createIfAbsent() {
        storage.sql().exec("""
                CREATE TABLE IF NOT EXISTS seats (
                  seat        TEXT PRIMARY KEY,   -- '12C'
                  seat_row    INTEGER NOT NULL,   -- 12, for ordering
                  seat_letter TEXT NOT NULL,      -- 'C'
                  passenger   TEXT,               -- null while the seat is free
                  booked_at   TEXT                -- RFC 3339, null while free
                )""");
        long existing = storage.sql().exec("SELECT count(*) AS n FROM seats").one().getLong("n");
        if (existing > 0) {
            return;
        }
        // One transaction: a flight has either all its seats or none, even if activation fails halfway.
        storage.transactionSync(() -> {
            for (Seat seat : Seat.all()) {
                storage.sql().exec("INSERT INTO seats (seat, seat_row, seat_letter) VALUES (?, ?, ?)",
                        seat.label(), seat.row(), String.valueOf(seat.letter()));
            }
        });
    }

    List<SeatAssignment> list() {
        List<SeatAssignment> seats = new ArrayList<>();
        for (SqlRow row : storage.sql().exec("SELECT seat, passenger FROM seats ORDER BY seat_row, seat_letter")) {
            seats.add(new SeatAssignment(row.getString("seat"), row.getString("passenger")));
        }
        return seats;
    }

    /**
     * Books {@code seat} for {@code passenger} unless someone holds it; true when booked. The
     * condition lives in the UPDATE itself, so the check and the write cannot be separated.
     */
    boolean book(Seat seat, String passenger) {
        return storage.sql().exec(
                "UPDATE seats SET passenger = ?, booked_at = ? WHERE seat = ? AND passenger IS NULL",
                passenger, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(), seat.label()).rowsWritten() == 1;
    }

    /** Frees {@code seat}; true when it was booked. */
    boolean cancel(Seat seat) {
        return storage.sql().exec(
                "UPDATE seats SET passenger = NULL, booked_at = NULL WHERE seat = ? AND passenger IS NOT NULL",
                seat.label()).rowsWritten() == 1;
    }
}
