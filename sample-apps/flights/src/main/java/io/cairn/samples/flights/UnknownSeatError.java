package io.cairn.samples.flights;

import io.cairn.samples.json.HttpError;

/** 400 {@code unknown_seat}: the label names no seat on this aircraft. */
final class UnknownSeatError extends HttpError {

    UnknownSeatError(String label) {
        super(400, "unknown_seat", "no seat '" + label + "' on this flight: seats are rows 1-" + Seat.ROWS
                + " and letters " + Seat.LETTERS.charAt(0) + "-" + Seat.LETTERS.charAt(Seat.LETTERS.length() - 1));
    }
}
