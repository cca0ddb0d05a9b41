package io.cairn.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.ObjectId;
import io.cairn.runtime.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a member running in its own process: its objects are served again through the
 * others within seconds, with the state it had shipped to object storage.
 */
class KilledMemberTest {

    private static final Pattern BOOKMARK = Pattern.compile("\"bookmark\":\"([0-9a-f]+)\"");
    private static final Pattern FLUSHED = Pattern.compile("\"lastFlushedBookmark\":\"([0-9a-f]+)\"");

    @TempDir
    Path dir;

    @Test
    void objectsOfAKilledMemberAreServedAgainWithinSeconds() throws Exception {
        try (ClusterBed bed = new ClusterBed(dir)) {
            ClusterBed.Member a = bed.start("a");
            bed.start("b");
            try (ChildNode child = ChildNode.start(bed, dir.resolve("c"), ClusterBed.freePort())) {
                bed.awaitOwners(3);
                bed.deployLog();
                HttpClient http = HttpClient.newHttpClient();
                await().atMost(Duration.ofSeconds(30)).until(() -> admin(http, child.baseUri, "/admin/v1/deployments").contains("\"log\""));

                List<String> victims = new ArrayList<>();
                for (int i = 0; victims.size() < 4; i++) {
                    ObjectId id = new ObjectId("log", "victim-" + i);
                    if (a.router().ownerOf(id).orElseThrow().nodeId().equals(child.nodeId)) {
                        victims.add(id.name());
                    }
                }
                for (String v : victims) {
                    for (int i = 0; i < 10; i++) {
                        HttpResponse<String> r = a.node().post("/objects/log/" + v + "/add?v=" + i, "");
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    }
                }
                // Wait until the member shipped every write: those are what survive it without replication.
                for (String v : victims) {
                    await().atMost(Duration.ofSeconds(30)).until(() -> {
                        String view = admin(http, child.baseUri, "/admin/v1/objects/log/" + v);
                        Matcher b = BOOKMARK.matcher(view);
                        Matcher f = FLUSHED.matcher(view);
                        return b.find() && f.find() && b.group(1).equals(f.group(1));
                    });
                }

                long killedAt = System.nanoTime();
                child.kill();
                long[] servedAfterMs = new long[victims.size()];
                for (int k = 0; k < victims.size(); k++) {
                    String v = victims.get(k);
                    TestNode via = bed.members.get(k % 2).node();
                    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                            .until(() -> via.post("/objects/log/" + v + "/add?v=after", "").statusCode() == 200);
                    servedAfterMs[k] = (System.nanoTime() - killedAt) / 1_000_000;
                    assertThat(via.get("/objects/log/" + v).body()).isEqualTo("0,1,2,3,4,5,6,7,8,9,after");
                }
                long worst = java.util.Arrays.stream(servedAfterMs).max().orElseThrow();
                System.out.printf("kill -9: objects served again after %s ms%n", java.util.Arrays.toString(servedAfterMs));
                assertThat(worst).as("time until every object of the killed member is served again").isLessThan(15_000);
                bed.awaitOwners(2);
            }
        }
    }

    private static String admin(HttpClient http, URI base, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("authorization", "Bearer " + TestNode.TOKEN)
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "";
        }
    }
}
