package io.cairn.bench.cluster;

import io.cairn.bench.Report;
import io.cairn.relay.RelayOptions;
import io.cairn.relay.StorageRelay;
import io.cairn.relay.store.EmbeddedS3;
import io.cairn.router.ClusterOptions;
import io.cairn.router.ClusterRouter;
import io.cairn.runtime.CairnNode;
import io.cairn.runtime.NodeOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Cluster members in this JVM, as the router's own test bed builds them: one s3proxy (child JVM on
 * loopback), and per member a real {@link CairnNode} with the storage relay and the {@link ClusterRouter},
 * joined over Hazelcast TCP on 127.0.0.1. No peer replicas (replicas 0, quorum 0): this benchmark is
 * about the forwarding hop, and replication would add its own cost to writes.
 */
final class BenchCluster implements AutoCloseable {

    /** One member: its node, its router and its name in progress lines. */
    record Member(String name, CairnNode node, ClusterRouter router, int clusterPort) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final Path dir;
    private final EmbeddedS3 s3;
    // Unique so that a member of another run (or another session's test) on this machine cannot join.
    private final String clusterName = "bench-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Member> members = new ArrayList<>();
    private final CpuSplit cpu = new CpuSplit();

    BenchCluster(Path dir) {
        this.dir = dir;
        long t0 = System.nanoTime();
        this.s3 = EmbeddedS3.start(dir.resolve("s3"), "127.0.0.1", 0, EmbeddedS3.defaultLibDir());
        Report.progress("cluster: s3proxy up at %s in %d ms", s3.endpoint(), (System.nanoTime() - t0) / 1_000_000);
    }

    /** Per-thread CPU, with each member's event loops told apart. */
    CpuSplit cpu() {
        return cpu;
    }

    List<Member> members() {
        return members;
    }

    /** Starts a member that joins through every member started so far. */
    Member start(String name) {
        int port = freePort();
        ClusterOptions cluster = ClusterOptions.builder().clusterHost("127.0.0.1").clusterPort(port)
                .seeds(members.stream().map(m -> "127.0.0.1:" + m.clusterPort()).toList())
                .clusterName(clusterName).heartbeatInterval(Duration.ofSeconds(1)).memberTimeout(Duration.ofSeconds(10))
                .replicas(0).quorum(0).build();
        ClusterRouter router = new ClusterRouter(cluster);
        // Relay at its defaults (10 s batches): the same for owner-local and forwarded requests.
        StorageRelay relay = new StorageRelay(RelayOptions.defaults(s3.options("cairn-bench-cluster")));
        long t0 = System.nanoTime();
        // A long idle timeout keeps the measured objects live: the benchmark is about requests to live objects.
        CairnNode node = CairnNode.start(NodeOptions.builder().host("127.0.0.1").httpPort(0).dataDir(dir.resolve(name))
                .idleTimeout(Duration.ofMinutes(30)).build(), relay, router);
        Member m = new Member(name, node, router, port);
        members.add(m);
        cpu.claim(name);
        Report.progress("cluster: member %s (%s) listening on %s, cluster port %d, started in %d ms", name, router.nodeId(),
                node.baseUri(), port, (System.nanoTime() - t0) / 1_000_000);
        return m;
    }

    /** Waits until every member sees all members as owners. */
    void awaitOwners(Duration timeout) throws InterruptedException {
        awaitTrue(timeout, "every member to see " + members.size() + " owners",
                () -> members.stream().allMatch(m -> m.router().owners().size() == members.size()));
    }

    /** Deploys {@code jar} through {@code via}'s admin API and waits until every member lists {@code app}. */
    void deploy(Member via, String app, byte[] jar, Duration timeout) throws InterruptedException {
        HttpResponse<String> r = admin(via, "POST", "/admin/v1/deployments", jar);
        if (r.statusCode() != 201) {
            throw new IllegalStateException("deployment of " + app + " refused: " + r.statusCode() + " " + r.body());
        }
        awaitTrue(timeout, "every member to list the deployment " + app, () -> members.stream().allMatch(m ->
                admin(m, "GET", "/admin/v1/deployments", null).body().contains("\"" + app + "\"")));
    }

    /** A data-plane request through {@code via}; for checks, not for load. */
    static HttpResponse<String> send(Member via, String method, String path) {
        return call(HttpRequest.newBuilder(URI.create(via.node().baseUri() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()));
    }

    private static HttpResponse<String> admin(Member m, String method, String path, byte[] body) {
        HttpRequest.BodyPublisher p = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
        return call(HttpRequest.newBuilder(URI.create(m.node().baseUri() + path)).method(method, p)
                .header("authorization", "Bearer " + m.node().adminToken()));
    }

    private static HttpResponse<String> call(HttpRequest.Builder b) {
        try {
            return HTTP.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void awaitTrue(Duration timeout, String what, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the members in reverse order of start, then s3proxy; keeps going past failures. */
    @Override
    public void close() {
        for (Member m : members.reversed()) {
            try {
                m.node().close();
            } catch (RuntimeException e) {
                Report.progress("cluster: closing member %s failed: %s", m.name(), e);
            }
        }
        members.clear();
        s3.close();
    }
}
