package io.cairn.router;

import static org.awaitility.Awaitility.await;

import io.cairn.relay.RelayOptions;
import io.cairn.relay.StorageRelay;
import io.cairn.relay.store.EmbeddedS3;
import io.cairn.relay.store.S3Options;
import io.cairn.relay.store.ShipperOptions;
import io.cairn.router.testapps.LogObject;
import io.cairn.runtime.TestApps;
import io.cairn.runtime.TestNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A cluster for tests: one real s3proxy (child JVM) and nodes in this JVM, each a real Cairn
 * node with the storage relay and the router, joined over Hazelcast TCP on 127.0.0.1.
 */
final class ClusterBed implements AutoCloseable {

    /** A member: the node, its router and where its data lives. */
    record Member(String name, TestNode node, ClusterRouter router, Path data, int clusterPort) {
        String nodeId() {
            return router.nodeId();
        }
    }

    final Path dir;
    final EmbeddedS3 s3;
    final String clusterName = "test-" + UUID.randomUUID().toString().substring(0, 8);
    final List<Member> members = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Peer replication of the members started from now on (0: objects move through object storage). */
    int replicas;
    int quorum;

    ClusterBed(Path dir) {
        this.dir = dir;
        this.s3 = EmbeddedS3.start(dir.resolve("s3"), "127.0.0.1", 0, Path.of(System.getProperty("cairn.s3proxy.lib")));
    }

    S3Options s3Options() {
        return s3.options("cluster");
    }

    /** Batches ship every 300 ms so hand-overs and tests do not wait for the 10 s default. */
    RelayOptions relayOptions() {
        ShipperOptions d = ShipperOptions.defaults();
        return RelayOptions.defaults(s3Options()).withShipper(new ShipperOptions(d.maxBatchBytes(), Duration.ofMillis(300),
                d.threads(), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(20)));
    }

    /** Cluster options for a member on {@code port} joining through the members started so far. */
    ClusterOptions clusterOptions(int port) {
        return ClusterOptions.builder().clusterHost("127.0.0.1").clusterPort(port)
                .seeds(members.stream().map(m -> "127.0.0.1:" + m.clusterPort()).toList())
                .clusterName(clusterName).heartbeatInterval(Duration.ofSeconds(1)).memberTimeout(Duration.ofSeconds(4))
                .replicas(replicas).quorum(quorum).replicationPort(0).build();
    }

    Member start(String name) {
        int port = freePort();
        StorageRelay relay = new StorageRelay(relayOptions());
        ClusterRouter router = new ClusterRouter(clusterOptions(port), relay);
        Path data = dir.resolve(name);
        TestNode node = TestNode.start(data, b -> b, relay, router);
        Member m = new Member(name, node, router, data, port);
        members.add(m);
        return m;
    }

    /** Waits until every running member sees {@code n} owners. */
    void awaitOwners(int n) {
        await().atMost(Duration.ofSeconds(30)).until(() -> members.stream().allMatch(m -> m.router().owners().size() == n));
    }

    /** Deploys the log app through the first member and waits until every member serves it. */
    void deployLog() {
        members.get(0).node().deploy(TestApps.jar("log", TestApps.Ns.of("log", LogObject.class)));
        await().atMost(Duration.ofSeconds(30)).until(() -> members.stream().allMatch(m ->
                m.node().admin("GET", "/admin/v1/deployments", null).body().contains("\"log\"")));
    }

    void stop(Member m) {
        members.remove(m);
        m.node().close();
    }

    Member member(String nodeId) {
        return members.stream().filter(m -> m.nodeId().equals(nodeId)).findFirst().orElseThrow();
    }

    static HttpResponse<String> post(TestNode via, String path) {
        return via.post(path, "");
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        for (Member m : List.copyOf(members).reversed()) {
            try {
                m.node().close();
            } catch (RuntimeException e) {
                // Keep closing the others; the test already reported what went wrong.
            }
        }
        members.clear();
        s3.close();
    }
}
