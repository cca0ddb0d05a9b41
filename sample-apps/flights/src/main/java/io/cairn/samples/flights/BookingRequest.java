package io.cairn.samples.flights;

import io.cairn.samples.json.HttpError;
import io.cairn.samples.json.JsonObject;

/** A validated {@code POST /bookings} body: {@code {"seat":"12C","passenger":"Ada"}}. */
record BookingRequest(Seat seat, String passenger) {

    static final int MAX_PASSENGER_LENGTH = 200;

    /** Parses and checks a body; the error names the offending field. */
    static BookingRequest parse(String body) {
        JsonObject json = JsonObject.parse(body);
        String label = json.string("seat");
        Seat seat = Seat.parse(label).orElseThrow(() -> new UnknownSeatError(label));
        return new BookingRequest(seat, passengerName(json.string("passenger")));
    }

    private static String passengerName(String raw) {
        String name = raw.strip();
        int length = name.codePointCount(0, name.length());
        if (length == 0 || length > MAX_PASSENGER_LENGTH || name.codePoints().anyMatch(Character::isISOControl)) {
            throw HttpError.badRequest("field 'passenger' must be a name of 1 to " + MAX_PASSENGER_LENGTH
                    + " characters without control characters");
        }
        return name;
    }
}
