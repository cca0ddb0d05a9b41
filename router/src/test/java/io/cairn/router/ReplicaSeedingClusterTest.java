package io.cairn.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.ObjectId;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member that joins becomes a replica of objects it has never seen: it is seeded from object
 * storage and caught up, and counts towards the quorum (with a quorum of 2 of 2 no write could be
 * acknowledged otherwise).
 */
class ReplicaSeedingClusterTest {

    private static final int OBJECTS = 12;

    @TempDir
    Path dir;

    @Test
    void aJoiningMemberIsSeededAndCountsTowardsTheQuorum() {
        try (ClusterBed bed = new ClusterBed(dir)) {
            bed.replicas = 2;
            bed.quorum = 2;
            ClusterBed.Member a = bed.start("a");
            bed.start("b");
            bed.start("c");
            bed.awaitOwners(3);
            bed.deployLog();
            for (int o = 0; o < OBJECTS; o++) {
                for (int v = 0; v < 5; v++) {
                    HttpResponse<String> r = a.node().post("/objects/log/seed-" + o + "/add?v=" + v, "");
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                }
            }
            // Closed objects restart with an empty list of recent commits: a new replica needs a seed.
            for (int o = 0; o < OBJECTS; o++) {
                ObjectId id = new ObjectId("log", "seed-" + o);
                bed.member(a.router().ownerOf(id).orElseThrow().nodeId()).node().node().host().evict(id);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> bed.members.stream()
                    .noneMatch(m -> m.node().node().host().liveCount() > 0));

            ClusterBed.Member d = bed.start("d");
            bed.awaitOwners(4);
            List<String> seededOn = new ArrayList<>();
            for (int o = 0; o < OBJECTS; o++) {
                String path = "/objects/log/seed-" + o;
                ClusterBed.Member via = bed.members.get(o % bed.members.size());
                await().atMost(Duration.ofSeconds(60)).until(() -> via.node().post(path + "/add?v=after", "").statusCode() == 200);
                assertThat(via.node().get(path).body()).isEqualTo("0,1,2,3,4,after");
                ObjectId id = new ObjectId("log", "seed-" + o);
                if (d.router().replicaView(id).isPresent()) {
                    seededOn.add(id.name());
                }
            }
            assertThat(seededOn).as("objects the new member holds a replica of").isNotEmpty();
            for (String name : seededOn) {
                ObjectId id = new ObjectId("log", name);
                await().atMost(Duration.ofSeconds(20)).until(() -> d.router().replicaView(id).orElseThrow().appliedTxid() >= 5);
            }
        }
    }
}
