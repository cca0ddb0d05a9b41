package io.cairn.relay.capture;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The WAL contradicts what was already captured from it: the checksum chain cannot be continued from
 * the captured position. Capture cannot go on safely from here; the object needs a fresh snapshot.
 */
public final class WalCorruptException extends IOException {

    private final Path file;
    private final long offset;

    public WalCorruptException(Path file, long offset, String detail) {
        super("WAL " + file + " at offset " + offset + ": " + detail);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    /** Byte offset in the WAL file where the contradiction was found. */
    public long offset() {
        return offset;
    }
}
