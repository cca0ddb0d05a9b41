package io.cairn.bench.replication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * Reads when something happened inside the members from their logs (lines start with {@code HH:mm:ss.SSS},
 * see {@link ChildMember#JVM_FLAGS}): the same machine's clock as the driver's, to the millisecond.
 */
final class LogTimes {

    private LogTimes() {
    }

    /** Milliseconds from {@code since} to the first line after it containing {@code needle} in any of {@code logs}; -1 if none. */
    static long firstAfter(List<Path> logs, String needle, LocalTime since) {
        long best = -1;
        for (Path log : logs) {
            List<String> lines;
            try {
                lines = Files.readAllLines(log);
            } catch (IOException | RuntimeException e) {
                continue;
            }
            for (String line : lines) {
                if (line.length() < 12 || !line.contains(needle)) {
                    continue;
                }
                try {
                    long ms = Duration.between(since, LocalTime.parse(line.substring(0, 12))).toMillis();
                    if (ms >= 0 && (best < 0 || ms < best)) {
                        best = ms;
                    }
                } catch (DateTimeParseException e) {
                    // a continuation line (stack trace) that happens to contain the needle
                }
            }
        }
        return best;
    }
}
