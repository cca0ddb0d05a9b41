package io.cairn.bench.replication;

import io.cairn.api.ObjectId;
import io.cairn.bench.Report;
import io.cairn.relay.RelayOptions;
import io.cairn.relay.StorageRelay;
import io.cairn.relay.store.EmbeddedS3;
import io.cairn.router.ClusterOptions;
import io.cairn.router.ClusterRouter;
import io.cairn.runtime.CairnNode;
import io.cairn.runtime.NodeOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Cluster members in this JVM with peer replication at a given replicas/quorum: per member a real
 * {@link CairnNode} with the storage relay and a {@link ClusterRouter} built as the launcher builds it
 * ({@code new ClusterRouter(options, relay)}), joined over Hazelcast TCP on 127.0.0.1, replica servers on
 * free loopback ports. The S3 server is shared (one bucket per cluster) so two clusters can live side by
 * side for alternating rounds.
 */
final class InJvmCluster implements AutoCloseable {

    /** One member: its node and its router. */
    record Member(String name, CairnNode node, ClusterRouter router, int clusterPort) {
    }

    private final String label;
    private final Path dir;
    private final EmbeddedS3 s3;
    private final int replicas;
    private final int quorum;
    // Unique so that a member of another run (or another session's test) on this machine cannot join.
    private final String clusterName = "bench-repl-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Member> members = new ArrayList<>();

    InJvmCluster(String label, Path dir, EmbeddedS3 s3, int replicas, int quorum) {
        this.label = label;
        this.dir = dir;
        this.s3 = s3;
        this.replicas = replicas;
        this.quorum = quorum;
    }

    List<Member> members() {
        return members;
    }

    /** Starts {@code n} members, each joining through those started before it, and waits until all see n owners. */
    void start(int n, Duration timeout) throws InterruptedException {
        for (int i = 0; i < n; i++) {
            startMember(label + "-" + (char) ('a' + i));
        }
        Http.awaitTrue(timeout, label + ": every member to see " + n + " owners",
                () -> members.stream().allMatch(m -> m.router().owners().size() == n));
    }

    private void startMember(String name) {
        int port = Http.freePort();
        // Heartbeats every second, but ten to declare a member dead: twelve members share two CPUs with wrk
        // here, and a starved heartbeat must not split the cluster mid-run (a killed process is seen at once
        // anyway through its closed sockets; the failover benchmark uses the router's default).
        ClusterOptions cluster = ClusterOptions.builder().clusterHost("127.0.0.1").clusterPort(port)
                .seeds(members.stream().map(m -> "127.0.0.1:" + m.clusterPort()).toList())
                .clusterName(clusterName).heartbeatInterval(Duration.ofSeconds(1)).memberTimeout(Duration.ofSeconds(10))
                .replicas(replicas).quorum(quorum).replicationPort(0).build();
        // The relay at its defaults (10 s batches to object storage), as a production node runs it.
        StorageRelay relay = new StorageRelay(RelayOptions.defaults(s3.options("cairn-bench-" + label)));
        ClusterRouter router = new ClusterRouter(cluster, relay);
        long t0 = System.nanoTime();
        // A long idle timeout keeps the measured object live between rounds.
        CairnNode node = CairnNode.start(NodeOptions.builder().host("127.0.0.1").httpPort(0).dataDir(dir.resolve(name))
                .idleTimeout(Duration.ofMinutes(30)).build(), relay, router);
        members.add(new Member(name, node, router, port));
        Report.progress("replication: %s member %s (%s) on %s, cluster port %d, replicas %d quorum %d, started in %d ms",
                label, name, router.nodeId(), node.baseUri(), port, replicas, quorum, (System.nanoTime() - t0) / 1_000_000);
    }

    /** Deploys {@code jar} through the first member and waits until every member lists {@code app}. */
    void deploy(String app, byte[] jar, Duration timeout) throws InterruptedException {
        Member via = members.getFirst();
        var r = Http.admin(via.node().baseUri(), via.node().adminToken(), "POST", "/admin/v1/deployments", jar);
        if (r.statusCode() != 201) {
            throw new IllegalStateException(label + ": deployment of " + app + " refused: " + r.statusCode() + " " + r.body());
        }
        Http.awaitTrue(timeout, label + ": every member to list " + app, () -> members.stream().allMatch(m ->
                Http.admin(m.node().baseUri(), m.node().adminToken(), "GET", "/admin/v1/deployments", null)
                        .body().contains("\"" + app + "\"")));
    }

    /** The first name {@code prefix0, prefix1, ...} of {@code ns} that every member places on {@code owner}. */
    String nameOwnedBy(Member owner, String ns, String prefix) {
        for (int i = 0; i < 10_000; i++) {
            ObjectId id = new ObjectId(ns, prefix + i);
            boolean everyoneAgrees = members.stream().allMatch(m ->
                    m.router().ownerOf(id).map(o -> o.nodeId().equals(owner.router().nodeId())).orElse(false));
            if (everyoneAgrees) {
                return prefix + i;
            }
        }
        throw new IllegalStateException("no name of " + ns + " is owned by " + owner.name());
    }

    /** Closes the members in reverse order of start; keeps going past failures. The S3 server is the caller's. */
    @Override
    public void close() {
        for (Member m : members.reversed()) {
            try {
                m.node().close();
            } catch (RuntimeException e) {
                Report.progress("replication: closing %s member %s failed: %s", label, m.name(), e);
            }
        }
        members.clear();
    }
}
