package io.cairn.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.ObjectId;
import io.cairn.relay.capture.Bookmarks;
import io.cairn.relay.capture.RestoreProgress;
import io.cairn.relay.capture.Restorer;
import io.cairn.relay.store.MinioObjectStore;
import io.cairn.relay.store.ObjectLayout;
import io.cairn.relay.store.S3History;
import io.cairn.relay.store.S3Options;
import io.cairn.relay.testapps.LedgerObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/** Helpers shared by the relay tests: reading restored files and response bookmarks. */
final class RelayChecks {

    private RelayChecks() {
    }

    static String bookmark(HttpResponse<String> r) {
        return r.headers().firstValue("cairn-bookmark").orElseThrow(() -> new AssertionError(
                "no Cairn-Bookmark on a response after a write: " + r.statusCode() + " " + r.body()));
    }

    /** "rows=N sum=S" of a ledger database file, and its integrity check. */
    static String fingerprintOf(Path dbFile) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile);
             Statement s = c.createStatement()) {
            try (ResultSet ok = s.executeQuery("PRAGMA integrity_check")) {
                ok.next();
                assertThat(ok.getString(1)).as("integrity_check of " + dbFile).isEqualTo("ok");
            }
            try (ResultSet rs = s.executeQuery(LedgerObject.FINGERPRINT_SQL)) {
                rs.next();
                return "rows=" + rs.getLong("n") + " sum=" + rs.getLong("s");
            }
        }
    }

    /** The value of a counter database file, after its integrity check. */
    static long counterOf(Path dbFile) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbFile); Statement s = c.createStatement()) {
            try (ResultSet ok = s.executeQuery("PRAGMA integrity_check")) {
                ok.next();
                assertThat(ok.getString(1)).isEqualTo("ok");
            }
            try (ResultSet rs = s.executeQuery("SELECT value FROM counter WHERE id = 1")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Restores {@code bookmark} straight from object storage into {@code out}, as an operator's tool would. */
    static void restoreOffline(S3Options s3, ObjectId id, String bookmark, Path out) throws Exception {
        try (MinioObjectStore store = MinioObjectStore.connect(s3)) {
            Restorer.restore(new S3History(store, new ObjectLayout(s3.prefix()), id), Bookmarks.parse(bookmark), out,
                    RestoreProgress.NONE);
        }
    }
}
