package io.cairn.relay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

/**
 * The txid and time of the last snapshot known to be in object storage, kept in a small file so
 * a restarted node neither re-uploads nor forgets it. Written atomically (temp file + rename).
 */
final class SnapshotMarker {

    private final Path file;
    private long txid = -1;
    private Instant takenAt = Instant.EPOCH;

    SnapshotMarker(Path file) throws IOException {
        this.file = file;
        if (Files.exists(file)) {
            String[] parts = Files.readString(file, StandardCharsets.UTF_8).trim().split(" ");
            txid = Long.parseLong(parts[0]);
            takenAt = Instant.ofEpochMilli(Long.parseLong(parts[1]));
        }
    }

    synchronized long txid() {
        return txid;
    }

    synchronized Instant takenAt() {
        return takenAt;
    }

    synchronized void write(long newTxid, Instant at) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, newTxid + " " + at.toEpochMilli(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        txid = newTxid;
        takenAt = at;
    }
}
