package io.cairn.relay;

import io.cairn.relay.capture.CommitRecord;
import io.cairn.relay.capture.PageImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes commits fetched from replicas straight into a closed database file (no WAL): each page
 * image at its offset, then the file cut to the commit's size. The result is the database as it
 * was after the last commit, exactly as a replica's applied copy is built.
 */
final class CaughtUpPages {

    private CaughtUpPages() {
    }

    /**
     * @param replace start from an empty file (the first commit is then a whole-database image)
     */
    static void write(Path dbFile, boolean replace, List<CommitRecord> commits) throws IOException {
        Files.createDirectories(dbFile.getParent());
        for (String suffix : new String[] {"-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(dbFile + suffix));
        }
        try (FileChannel ch = FileChannel.open(dbFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            if (replace) {
                ch.truncate(0);
            }
            for (CommitRecord c : commits) {
                for (PageImage p : c.pages()) {
                    ByteBuffer buf = ByteBuffer.wrap(p.data());
                    long at = (long) (p.pageNumber() - 1) * c.pageSize();
                    while (buf.hasRemaining()) {
                        at += ch.write(buf, at);
                    }
                }
                ch.truncate((long) c.dbSizePages() * c.pageSize());
            }
            ch.force(true);
        }
    }
}
