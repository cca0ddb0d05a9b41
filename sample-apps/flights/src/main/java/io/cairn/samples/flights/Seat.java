package io.cairn.samples.flights;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A seat on the aircraft: rows 1 to 30, letters A to F, written "12C". */
public record Seat(int row, char letter) {

    public static final int ROWS = 30;
    public static final String LETTERS = "ABCDEF";

    /** A row number without leading zeros, then one letter; the range is checked after matching. */
    private static final Pattern LABEL = Pattern.compile("([1-9][0-9]?)([A-Z])");

    public Seat {
        if (row < 1 || row > ROWS || LETTERS.indexOf(letter) < 0) {
            throw new IllegalArgumentException("no seat " + row + letter + " on this aircraft");
        }
    }

    /** Parses a label such as "12C" (or "12c"); empty when it names no seat on this aircraft. */
    public static Optional<Seat> parse(String label) {
        Matcher m = LABEL.matcher(label.toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        int row = Integer.parseInt(m.group(1));
        char letter = m.group(2).charAt(0);
        if (row > ROWS || LETTERS.indexOf(letter) < 0) {
            return Optional.empty();
        }
        return Optional.of(new Seat(row, letter));
    }

    /** Every seat, front to back and left to right: 1A, 1B, ..., 30F. */
    public static List<Seat> all() {
        List<Seat> seats = new ArrayList<>(ROWS * LETTERS.length());
        for (int row = 1; row <= ROWS; row++) {
            for (char letter : LETTERS.toCharArray()) {
                seats.add(new Seat(row, letter));
            }
        }
        return seats;
    }

    public String label() {
        return row + String.valueOf(letter);
    }

    @Override
    public String toString() {
        return label();
    }
}
