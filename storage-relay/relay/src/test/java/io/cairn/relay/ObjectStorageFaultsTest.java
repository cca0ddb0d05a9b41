package io.cairn.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.ObjectId;
import io.cairn.relay.testapps.LedgerObject;
import io.cairn.runtime.TestApps;
import io.cairn.runtime.TestApps.Ns;
import io.cairn.runtime.TestNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Object storage goes away and comes back: writes never fail, the backlog drains, the history has no gap. */
class ObjectStorageFaultsTest {

    @TempDir
    Path tmp;

    @Test
    void writesGoOnWhileObjectStorageIsDownAndNothingIsMissingAfterwards() throws Exception {
        try (RelayTestCluster cluster = new RelayTestCluster(tmp.resolve("s3"), "faults");
             TestNode node = cluster.node(tmp.resolve("node"))) {
            node.deploy(TestApps.jar("ledger", Ns.of("ledger", LedgerObject.class)));
            ObjectId id = new ObjectId("ledger", "f");
            List<String[]> written = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                HttpResponse<String> r = node.post("/objects/ledger/f/append?n=2", "");
                written.add(new String[] {RelayChecks.bookmark(r), r.body()});
            }
            cluster.s3.stop();
            for (int i = 0; i < 60; i++) {
                HttpResponse<String> r = node.post("/objects/ledger/f/append?n=1", "");
                assertThat(r.statusCode()).as("write while object storage is down").isEqualTo(200);
                written.add(new String[] {RelayChecks.bookmark(r), r.body()});
                Thread.sleep(20);
            }
            HttpResponse<String> view = node.admin("GET", "/admin/v1/objects/ledger/f", null);
            assertThat(view.body()).contains("\"backlog\"").contains("consecutiveFailures");
            assertThat(node.get("/metrics").body()).contains("cairn_relay_upload_failures");

            cluster.s3.restart();
            String latest = written.get(written.size() - 1)[0];
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                    node.admin("GET", "/admin/v1/objects/ledger/f", null).body().contains("\"lastFlushedBookmark\":\"" + latest + "\""));
            for (int i = 0; i < written.size(); i += 7) {
                Path scratch = tmp.resolve("check-" + i + ".db");
                RelayChecks.restoreOffline(cluster.s3Options(), id, written.get(i)[0], scratch);
                assertThat(RelayChecks.fingerprintOf(scratch)).isEqualTo(written.get(i)[1]);
            }
            Path scratch = tmp.resolve("latest.db");
            RelayChecks.restoreOffline(cluster.s3Options(), id, latest, scratch);
            assertThat(RelayChecks.fingerprintOf(scratch)).isEqualTo(written.get(written.size() - 1)[1]);
        }
    }
}
