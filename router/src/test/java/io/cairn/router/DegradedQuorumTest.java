package io.cairn.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fewer reachable replicas than the quorum: writes answer 503 with Retry-After and change nothing,
 * reads go on; once the replicas are back, writes are accepted again.
 */
class DegradedQuorumTest {

    @TempDir
    Path dir;

    @Test
    void withoutAQuorumWritesAreRefusedAndReadsGoOn() throws Exception {
        try (ProcessCluster cluster = new ProcessCluster(dir, 4, 3, 2)) {
            cluster.deployLog();
            String path = "/objects/log/degraded";
            for (int i = 0; i < 3; i++) {
                assertThat(cluster.send(0, "POST", path + "/add?v=" + i).statusCode()).isEqualTo(200);
            }
            int owner = cluster.slotOf(cluster.ownerOf(0, "degraded"));
            List<Integer> others = cluster.live().stream().filter(s -> s != owner).toList();
            cluster.kill(others.get(0));
            cluster.kill(others.get(1));
            cluster.awaitMembers(2);

            await().atMost(Duration.ofSeconds(30)).until(() -> {
                HttpResponse<String> w = cluster.send(owner, "POST", path + "/add?v=refused");
                return w.statusCode() == 503;
            });
            HttpResponse<String> refused = cluster.send(owner, "POST", path + "/add?v=refused2");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("retry-after")).isPresent();
            assertThat(refused.body()).contains("reads go on");
            HttpResponse<String> read = cluster.send(others.get(2), "GET", path);
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            assertThat(read.body()).isEqualTo("0,1,2");

            cluster.start(others.get(0));
            cluster.start(others.get(1));
            cluster.awaitMembers(4);
            await().atMost(Duration.ofSeconds(60)).until(() -> cluster.send(owner, "POST", path + "/add?v=back").statusCode() == 200);
            assertThat(cluster.send(owner, "GET", path).body()).isEqualTo("0,1,2,back");
        }
    }
}
