package io.cairn.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.ObjectId;
import io.cairn.runtime.TestApps;
import io.cairn.runtime.TestNode;
import io.cairn.runtime.testapps.CallerObject;
import io.cairn.runtime.testapps.SocketObject;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three members in one JVM: any node serves any object, with one consistent state. */
class ThreeNodeClusterTest {

    @TempDir
    static Path dir;
    static ClusterBed bed;

    @BeforeAll
    static void cluster() {
        bed = new ClusterBed(dir);
        bed.start("a");
        bed.start("b");
        bed.start("c");
        bed.awaitOwners(3);
        bed.deployLog();
        bed.members.get(1).node().deploy(TestApps.jar("sockets", TestApps.Ns.of("sockets", SocketObject.class)));
        bed.members.get(2).node().deploy(TestApps.jar("callers", TestApps.Ns.of("callers", CallerObject.class)));
        await().atMost(Duration.ofSeconds(30)).until(() -> bed.members.stream().allMatch(m -> {
            String body = m.node().admin("GET", "/admin/v1/deployments", null).body();
            return body.contains("\"sockets\"") && body.contains("\"callers\"");
        }));
    }

    @AfterAll
    static void stop() {
        if (bed != null) {
            bed.close();
        }
    }

    @Test
    void concurrentWritesThroughEveryNodeMakeOneHistory() throws Exception {
        String path = "/objects/log/shared-" + System.nanoTime();
        int perNode = 60;
        ExecutorService pool = Executors.newFixedThreadPool(6);
        Set<String> acked = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<Void>> writers = new ArrayList<>();
        for (ClusterBed.Member m : bed.members) {
            for (int w = 0; w < 2; w++) {
                String writer = m.name() + w;
                writers.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < perNode / 2; i++) {
                        String v = writer + "-" + i;
                        HttpResponse<String> r = m.node().post(path + "/add?v=" + v, "");
                        assertThat(r.statusCode()).as("write %s via %s: %s", v, m.name(), r.body()).isEqualTo(200);
                        acked.add(v);
                    }
                }, pool));
            }
        }
        CompletableFuture.allOf(writers.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        pool.shutdown();

        List<String> seen = null;
        for (ClusterBed.Member m : bed.members) {
            HttpResponse<String> r = m.node().get(path);
            assertThat(r.statusCode()).isEqualTo(200);
            List<String> values = Arrays.asList(r.body().split(","));
            if (seen == null) {
                seen = values;
            }
            assertThat(values).as("state read through %s", m.name()).isEqualTo(seen);
        }
        assertThat(seen).hasSize(acked.size()).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(acked);
        // Each writer's own writes stay in the order it made them.
        for (String writer : List.of("a0", "a1", "b0", "b1", "c0", "c1")) {
            List<Integer> order = seen.stream().filter(v -> v.startsWith(writer + "-"))
                    .map(v -> Integer.parseInt(v.substring(writer.length() + 1))).toList();
            assertThat(order).isSorted();
        }
        // Exactly one node ran the object.
        ObjectId id = new ObjectId("log", path.substring("/objects/log/".length()));
        long live = bed.members.stream().filter(m -> m.node().node().host().isLive(id)).count();
        assertThat(live).isEqualTo(1);
    }

    @Test
    void objectsCallObjectsOnOtherNodes() {
        String caller = null;
        String target = null;
        ClusterRouter router = bed.members.get(0).router();
        for (int i = 0; caller == null || target == null; i++) {
            String n = "caller-" + i;
            String owner = router.ownerOf(new ObjectId("callers", n)).orElseThrow().nodeId();
            if (caller == null) {
                caller = n;
            } else if (!owner.equals(router.ownerOf(new ObjectId("callers", caller)).orElseThrow().nodeId())) {
                target = n;
            }
        }
        for (ClusterBed.Member m : bed.members) {
            HttpResponse<String> r = m.node().get("/objects/callers/" + caller + "/call?ns=callers&name=" + target);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("via " + caller + ": I am " + target);
        }
    }

    @Test
    void webSocketThroughANonOwnerWorksBothWays() throws Exception {
        String name = "room-" + System.nanoTime();
        ObjectId id = new ObjectId("sockets", name);
        String ownerId = bed.members.get(0).router().ownerOf(id).orElseThrow().nodeId();
        ClusterBed.Member via = bed.members.stream().filter(m -> !m.nodeId().equals(ownerId)).findFirst().orElseThrow();

        LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        URI uri = URI.create("ws://" + via.node().node().baseUri().getAuthority() + "/objects/sockets/" + name + "?user=ada");
        WebSocket ws = via.node().client().newWebSocketBuilder().buildAsync(uri, new WebSocket.Listener() {
            final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    received.add(partial.toString());
                    partial.setLength(0);
                }
                w.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                closed.complete(code + ":" + reason);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("welcome");
        ws.sendText("hello", true).get(5, TimeUnit.SECONDS);
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("echo:hello");
        ws.sendText("who", true).get(5, TimeUnit.SECONDS);
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("you are ada");
        ws.sendText("bye", true).get(5, TimeUnit.SECONDS);
        assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo("1000:bye");

        // The socket lived on the owner, not on the node the client reached.
        assertThat(bed.member(ownerId).node().get("/objects/sockets/" + name).body()).isEqualTo("messages=1");
        assertThat(via.node().node().host().isLive(id)).isFalse();
    }

    @Test
    void adminViewsCoverTheWholeCluster() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String n = "listed-" + i;
            names.add(n);
            assertThat(bed.members.get(i % 3).node().post("/objects/log/" + n + "/add?v=x", "").statusCode()).isEqualTo(200);
        }
        TestNode any = bed.members.get(2).node();
        HttpResponse<String> cluster = any.admin("GET", "/admin/v1/cluster", null);
        assertThat(cluster.statusCode()).isEqualTo(200);
        for (ClusterBed.Member m : bed.members) {
            assertThat(cluster.body()).contains("\"id\":\"" + m.nodeId() + "\"");
        }
        assertThat(cluster.body()).contains("\"objects\":").contains("\"replication\"");

        HttpResponse<String> list = any.admin("GET", "/admin/v1/namespaces/log/objects?prefix=listed-&limit=100", null);
        assertThat(list.statusCode()).isEqualTo(200);
        for (String n : names) {
            assertThat(list.body()).contains("\"" + n + "\"");
        }
        HttpResponse<String> page = any.admin("GET", "/admin/v1/namespaces/log/objects?prefix=listed-&limit=5", null);
        List<String> sorted = names.stream().sorted().toList();
        assertThat(page.body()).contains("\"next\":\"" + sorted.get(4) + "\"");
        HttpResponse<String> rest = any.admin("GET", "/admin/v1/namespaces/log/objects?prefix=listed-&limit=100&after=" + sorted.get(4), null);
        assertThat(rest.body()).doesNotContain("\"" + sorted.get(4) + "\"").contains("\"" + sorted.get(5) + "\"");

        // The object view answers through any node and names the owner.
        ObjectId id = new ObjectId("log", "listed-3");
        String owner = bed.members.get(0).router().ownerOf(id).orElseThrow().nodeId();
        for (ClusterBed.Member m : bed.members) {
            HttpResponse<String> view = m.node().admin("GET", "/admin/v1/objects/log/listed-3", null);
            assertThat(view.statusCode()).as(view.body()).isEqualTo(200);
            assertThat(view.body()).contains("\"owner\":{").contains(owner);
        }
    }
}
