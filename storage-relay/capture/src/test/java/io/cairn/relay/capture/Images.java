package io.cairn.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/** Database file copies and the checks that a copy equals the live database. */
final class Images {

    private Images() {
    }

    static Path copy(Path from, Path to) throws IOException {
        return Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
    }

    static void apply(Path db, List<WalTransaction> txs) throws IOException {
        try (FileChannel ch = FileChannel.open(db, StandardOpenOption.WRITE)) {
            for (WalTransaction t : txs) {
                DatabaseImage.apply(ch, t);
            }
        }
    }

    static void applyRecords(Path db, List<CommitRecord> records) throws IOException {
        try (FileChannel ch = FileChannel.open(db, StandardOpenOption.WRITE)) {
            for (CommitRecord r : records) {
                DatabaseImage.apply(ch, r);
            }
        }
    }

    /** The live database (after a final TRUNCATE checkpoint) and the copy are byte-identical and sound. */
    static void assertSameDatabase(LiveDb live, Path copy) throws Exception {
        live.checkpoint("TRUNCATE");
        assertThat(Files.mismatch(live.file, copy)).as("first differing byte").isEqualTo(-1L);
        assertThat(integrityCheck(copy)).isEqualTo("ok");
    }

    /** PRAGMA integrity_check on a read-only, immutable open of {@code db} (no WAL, no locks, no writes). */
    static String integrityCheck(Path db) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro&immutable=1");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            return rs.getString(1);
        }
    }

    static long count(Path db, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:file:" + db + "?mode=ro&immutable=1");
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
