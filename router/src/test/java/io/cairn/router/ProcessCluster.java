package io.cairn.router;

import static org.awaitility.Awaitility.await;

import io.cairn.router.testapps.LogObject;
import io.cairn.runtime.TestApps;
import io.cairn.runtime.TestNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cluster members in their own JVMs ({@link ChildNode}), one per slot, each with a fixed cluster
 * port and data directory so a killed member can be restarted as the same node. The S3 store runs
 * beside the test (from {@link ClusterBed}, which holds no in-JVM members here).
 */
final class ProcessCluster implements AutoCloseable {

    private static final Pattern OWNER = Pattern.compile("\"owner\":\\{[^}]*\"id\":\"([^\"]+)\"");

    final ClusterBed bed;
    final int[] clusterPorts;
    final ChildNode[] nodes;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    ProcessCluster(Path dir, int size, int replicas, int quorum) {
        this.bed = new ClusterBed(dir);
        bed.replicas = replicas;
        bed.quorum = quorum;
        this.clusterPorts = new int[size];
        this.nodes = new ChildNode[size];
        for (int i = 0; i < size; i++) {
            clusterPorts[i] = ClusterBed.freePort();
        }
        for (int i = 0; i < size; i++) {
            start(i);
        }
        awaitMembers(size);
    }

    void start(int slot) {
        List<String> seeds = new ArrayList<>();
        for (int p : clusterPorts) {
            seeds.add("127.0.0.1:" + p);
        }
        nodes[slot] = ChildNode.start(bed, bed.dir.resolve("node-" + slot), clusterPorts[slot], seeds);
    }

    void kill(int slot) throws InterruptedException {
        nodes[slot].kill();
        nodes[slot] = null;
    }

    List<Integer> live() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] != null && nodes[i].process.isAlive()) {
                out.add(i);
            }
        }
        return out;
    }

    URI base(int slot) {
        return nodes[slot].baseUri;
    }

    int randomLive() {
        List<Integer> l = live();
        return l.get(ThreadLocalRandom.current().nextInt(l.size()));
    }

    /** Waits until every live member counts {@code n} members in its cluster view. */
    void awaitMembers(int n) {
        awaitMembers(n, -1);
    }

    /** Like {@link #awaitMembers(int)}, not asking the member in slot {@code except} (e.g. a paused one). */
    void awaitMembers(int n, int except) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> live().stream()
                .filter(s -> s != except).allMatch(s -> {
            String body = admin(s, "GET", "/admin/v1/cluster", null);
            return body.split("\"state\":\"active\"", -1).length - 1 == n;
        }));
    }

    void deployLog() {
        int slot = live().get(0);
        String r = admin(slot, "POST", "/admin/v1/deployments", TestApps.jar("log", TestApps.Ns.of("log", LogObject.class)));
        if (!r.contains("\"log\"")) {
            throw new AssertionError("deployment refused: " + r);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> live().stream().allMatch(s ->
                admin(s, "GET", "/admin/v1/deployments", null).contains("\"log\"")));
    }

    /** The node id owning {@code name} of namespace log, as the member in {@code slot} sees it. */
    String ownerOf(int slot, String name) {
        String body = "";
        for (int attempt = 0; attempt < 50; attempt++) {
            body = admin(slot, "GET", "/admin/v1/objects/log/" + name, null);
            Matcher m = OWNER.matcher(body);
            if (m.find()) {
                return m.group(1);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("no owner of " + name + " in the admin view: " + body);
    }

    int slotOf(String nodeId) {
        for (int i = 0; i < nodes.length; i++) {
            if (nodes[i] != null && nodes[i].nodeId.equals(nodeId)) {
                return i;
            }
        }
        return -1;
    }

    HttpResponse<String> send(int slot, String method, String path) throws java.io.IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base(slot) + path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    String admin(int slot, String method, String path, byte[] body) {
        try {
            HttpRequest.BodyPublisher p = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
            return http.send(HttpRequest.newBuilder(URI.create(base(slot) + path)).timeout(Duration.ofSeconds(10))
                    .header("authorization", "Bearer " + TestNode.TOKEN).method(method, p).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            return "(request failed: " + e + ")";
        }
    }

    @Override
    public void close() {
        for (ChildNode n : nodes) {
            if (n != null) {
                n.close();
            }
        }
        bed.close();
    }
}
