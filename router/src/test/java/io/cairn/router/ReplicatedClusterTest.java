package io.cairn.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.ObjectId;
import io.cairn.runtime.TestNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.junit.jupiter.api.io.TempDir;

/** Members in one JVM with peer replication: commits wait for a quorum, and survive their owner. */
class ReplicatedClusterTest {

    @TempDir
    Path dir;

    private static byte[] readAll(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void writesAreReplicatedAndSurviveTheOwnerLeaving() {
        try (ClusterBed bed = new ClusterBed(dir)) {
            bed.replicas = 3;
            bed.quorum = 2;
            for (String n : List.of("a", "b", "c", "d")) {
                bed.start(n);
            }
            bed.awaitOwners(4);
            bed.deployLog();
            ObjectId id = new ObjectId("log", "replicated");
            String owner = bed.members.get(0).router().ownerOf(id).orElseThrow().nodeId();
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                TestNode via = bed.members.get(i % 4).node();
                HttpResponse<String> r = via.post("/objects/log/replicated/add?v=" + i, "");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                expected.add(String.valueOf(i));
            }
            HttpResponse<String> view = bed.member(owner).node().admin("GET", "/admin/v1/objects/log/replicated", null);
            assertThat(view.body()).contains("\"replicas\":[{").contains("\"state\"").contains("\"position\"");
            String metrics = bed.member(owner).node().get("/metrics").body();
            assertThat(metrics).contains("cairn_replication_quorum_wait_seconds").contains("cairn_replication_max_lag_commits");
            // Quorum-held commits go on to object storage: the restore chain keeps up.
            String bookmark = bed.member(owner).node().post("/objects/log/replicated/add?v=flushed", "")
                    .headers().firstValue("cairn-bookmark").orElseThrow();
            expected.add("flushed");
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(bed.member(owner).node()
                    .admin("GET", "/admin/v1/objects/log/replicated", null).body()).contains("\"lastFlushedBookmark\":\"" + bookmark + "\""));

            // A replica's applied copy equals the owner's database at the same position, page for page.
            HttpResponse<String> last = bed.member(owner).node().post("/objects/log/replicated/add?v=30", "");
            expected.add("30");
            long lastTxid = Long.parseLong(last.headers().firstValue("cairn-bookmark").orElseThrow(), 16);
            ClusterBed.Member replica = bed.members.stream().filter(m -> !m.nodeId().equals(owner)).filter(m ->
                    m.router().replicaView(id).isPresent()).findFirst().orElseThrow();
            await().atMost(Duration.ofSeconds(20)).until(() -> replica.router().replicaView(id).orElseThrow().appliedTxid() == lastTxid);
            bed.member(owner).node().node().host().evict(id);
            await().atMost(Duration.ofSeconds(20)).until(() -> !bed.member(owner).node().node().host().isLive(id));
            byte[] ownerBytes = readAll(bed.member(owner).node().node().host().pathFor(id));
            byte[] replicaBytes = readAll(replica.router().replicaView(id).orElseThrow().databaseFile());
            assertThat(replicaBytes.length).isEqualTo(ownerBytes.length);
            assertThat(java.util.Arrays.mismatch(replicaBytes, ownerBytes)).as("first differing byte").isEqualTo(-1);

            bed.stop(bed.member(owner));
            bed.awaitOwners(3);
            TestNode any = bed.members.get(0).node();
            await().atMost(Duration.ofSeconds(30)).until(() -> any.post("/objects/log/replicated/add?v=after", "").statusCode() == 200);
            expected.add("after");
            assertThat(any.get("/objects/log/replicated").body()).isEqualTo(String.join(",", expected));
        }
    }
}
