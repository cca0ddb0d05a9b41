package io.cairn.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.ObjectId;
import io.cairn.relay.testapps.LedgerObject;
import io.cairn.runtime.TestApps;
import io.cairn.runtime.TestApps.Ns;
import io.cairn.runtime.TestNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validation the way Litestream checks itself: while writes go on, restore the latest bookmark
 * from object storage into a scratch file and compare it with what the live object reported at
 * that bookmark; at the end, compare page bytes with the live file.
 */
class RestoreValidationTest {

    @TempDir
    Path tmp;

    @Test
    void restoresTakenDuringSustainedWritesMatchTheLiveDatabase() throws Exception {
        try (RelayTestCluster cluster = new RelayTestCluster(tmp.resolve("s3"), "validate");
             TestNode node = cluster.node(tmp.resolve("node"),
                     cluster.relayOptions().withCheckpointWalBytes(256 * 1024).withSnapshotEvery(1024 * 1024), b -> b)) {
            node.deploy(TestApps.jar("ledger", Ns.of("ledger", LedgerObject.class)));
            ObjectId id = new ObjectId("ledger", "v");
            Map<String, String> fingerprintAt = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 400 && !stop.get(); i++) {
                    HttpResponse<String> r = node.post(i % 50 == 49 ? "/objects/ledger/v/trim" : "/objects/ledger/v/append?n=" + (1 + i % 7), "");
                    fingerprintAt.put(RelayChecks.bookmark(r), r.body());
                }
            });
            int checked = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (writer.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(250);
                HttpResponse<String> b = node.admin("GET", "/admin/v1/objects/ledger/v/bookmark?at=" + java.time.Instant.now(), null);
                if (b.statusCode() != 200) {
                    continue;
                }
                String bookmark = b.body().replaceAll(".*\"bookmark\":\"([0-9a-f]+)\".*", "$1");
                String expected = fingerprintAt.get(bookmark);
                if (expected == null) {
                    continue;  // the bookmark of the table creation, or a response still in flight
                }
                Path scratch = tmp.resolve("scratch-" + checked + ".db");
                RelayChecks.restoreOffline(cluster.s3Options(), id, bookmark, scratch);
                assertThat(RelayChecks.fingerprintOf(scratch)).as("restore of " + bookmark).isEqualTo(expected);
                checked++;
            }
            stop.set(true);
            writer.join();
            assertThat(checked).as("restores compared during the writes").isGreaterThanOrEqualTo(3);

            // Quiesce: eviction checkpoints and closes the live file; the latest bookmark must restore to the same bytes.
            HttpResponse<String> last = node.post("/objects/ledger/v/append?n=3", "");
            String bookmark = RelayChecks.bookmark(last);
            node.node().host().evict(id);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !node.node().host().isLive(id));
            node.admin("GET", "/admin/v1/objects/ledger/v/bookmark?at=" + java.time.Instant.now(), null);
            Path scratch = tmp.resolve("final.db");
            RelayChecks.restoreOffline(cluster.s3Options(), id, bookmark, scratch);
            Path live = node.node().host().pathFor(id);
            assertThat(Files.mismatch(scratch, live)).as("first differing byte of restored vs live file").isEqualTo(-1L);
            assertThat(RelayChecks.fingerprintOf(scratch)).isEqualTo(last.body());
        }
    }
}
