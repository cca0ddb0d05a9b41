package io.cairn.launcher;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks a {@code --at} time on the client, so a typo is a usage error before any request. */
final class Rfc3339 {

    private Rfc3339() {
    }

    /** Returns {@code value} (as typed: the node parses it the same way) or throws a usage error naming the option. */
    static String check(CommandSpec spec, String option, String value) {
        try {
            OffsetDateTime.parse(value);
            return value;
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "Invalid " + option + " '" + value
                    + "': not an RFC 3339 time with a zone; use e.g. 2026-11-27T10:00:00Z or 2026-11-27T11:00:00+01:00");
        }
    }
}
