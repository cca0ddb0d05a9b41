package io.cairn.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.relay.testapps.LedgerObject;
import io.cairn.runtime.TestApps;
import io.cairn.runtime.TestApps.Ns;
import io.cairn.runtime.TestNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node with an empty data directory and the same bucket brings objects back on first use. */
class DisasterRecoveryTest {

    @TempDir
    Path tmp;

    @Test
    void emptyDataDirectoryRecoversObjectsFromObjectStorage() throws Exception {
        try (RelayTestCluster cluster = new RelayTestCluster(tmp.resolve("s3"), "dr-test")) {
            byte[] jar = TestApps.jar("ledger", Ns.of("ledger", LedgerObject.class));
            String before;
            String bookmark;
            try (TestNode first = cluster.node(tmp.resolve("disk-1"))) {
                first.deploy(jar);
                first.post("/objects/ledger/a/append?n=40", "");
                HttpResponse<String> r = first.post("/objects/ledger/a/trim", "");
                before = r.body();
                bookmark = RelayChecks.bookmark(r);
                first.post("/objects/ledger/b/append?n=3", "");
            } // graceful shutdown flushes everything
            try (TestNode second = cluster.node(tmp.resolve("disk-2"))) {
                second.deploy(jar);
                assertThat(second.get("/objects/ledger/a").body()).isEqualTo(before);
                assertThat(second.get("/objects/ledger/b").body()).startsWith("rows=3 ");
                HttpResponse<String> next = second.post("/objects/ledger/a/append?n=1", "");
                assertThat(RelayChecks.bookmark(next)).isGreaterThan(bookmark);
                assertThat(second.get("/objects/ledger/never-existed").body()).isEqualTo("rows=0 sum=0");
            }
        }
    }

    @Test
    void exportGivesOneConsistentSqliteFile() throws Exception {
        try (RelayTestCluster cluster = new RelayTestCluster(tmp.resolve("s3"), "export");
             TestNode node = cluster.node(tmp.resolve("node"))) {
            node.deploy(TestApps.jar("ledger", Ns.of("ledger", LedgerObject.class)));
            String state = node.post("/objects/ledger/e/append?n=25", "").body();
            var response = node.client().send(java.net.http.HttpRequest.newBuilder(node.uri("/admin/v1/objects/ledger/e/export"))
                    .header("authorization", "Bearer " + TestNode.TOKEN).build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).hasValue("application/vnd.sqlite3");
            Path file = tmp.resolve("export.sqlite");
            Files.write(file, response.body());
            assertThat(RelayChecks.fingerprintOf(file)).isEqualTo(state);
            assertThat(node.post("/objects/ledger/e/append?n=1", "").statusCode()).isEqualTo(200);
            assertThat(node.admin("GET", "/admin/v1/objects/ledger/nothing-here/export", null).statusCode()).isEqualTo(404);
        }
    }
}
