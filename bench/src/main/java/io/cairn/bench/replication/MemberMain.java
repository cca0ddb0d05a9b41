package io.cairn.bench.replication;

import io.cairn.bench.Args;
import io.cairn.relay.RelayOptions;
import io.cairn.relay.StorageRelay;
import io.cairn.relay.store.S3Options;
import io.cairn.router.ClusterOptions;
import io.cairn.router.ClusterRouter;
import io.cairn.runtime.CairnNode;
import io.cairn.runtime.NodeOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * One cluster member in its own JVM for the failover benchmark, built as the launcher builds a node:
 * storage relay (at its defaults) plus {@code new ClusterRouter(options, relay)} with peer replication.
 * Prints {@code READY <http base URI> <node id>} once it serves, then runs until killed.
 *
 * <pre>
 * MemberMain --data DIR --cluster-port P --seeds h:p,h:p --cluster-name N --s3-endpoint URL --bucket B
 *            --access-key K --secret-key S --replicas 5 --quorum 3 --member-timeout-ms 5000 --admin-token T
 * </pre>
 */
public final class MemberMain {

    private MemberMain() {
    }

    /**
     * The benchmark never writes to this process's stdin; end of input means the benchmark JVM is gone
     * (however it died), so this member must not outlive it.
     */
    private static void exitWithParent() {
        Thread.ofPlatform().daemon().name("exit-with-parent").start(() -> {
            try {
                while (System.in.read() != -1) {
                    // nothing is ever sent
                }
            } catch (java.io.IOException e) {
                // treated as the end of input
            }
            Runtime.getRuntime().halt(3);
        });
    }

    public static void main(String[] argv) throws Exception {
        Args a = new Args(Arrays.asList(argv));
        Path data = Path.of(a.get("data", ""));
        int clusterPort = a.getInt("cluster-port", 0);
        String seedList = a.get("seeds", "");
        List<String> seeds = seedList.isEmpty() ? List.of() : Arrays.asList(seedList.split(","));
        ClusterOptions cluster = ClusterOptions.builder().clusterHost("127.0.0.1").clusterPort(clusterPort).seeds(seeds)
                .clusterName(a.get("cluster-name", "cairn-bench")).heartbeatInterval(Duration.ofSeconds(1))
                .memberTimeout(Duration.ofMillis(a.getLong("member-timeout-ms", 5000)))
                .replicas(a.getInt("replicas", 5)).quorum(a.getInt("quorum", 3)).replicationPort(0).build();
        S3Options s3 = S3Options.of(a.get("s3-endpoint", ""), a.get("bucket", ""), a.get("access-key", ""), a.get("secret-key", ""));
        String token = a.get("admin-token", null);
        a.requireConsumed();
        StorageRelay relay = new StorageRelay(RelayOptions.defaults(s3));
        ClusterRouter router = new ClusterRouter(cluster, relay);
        // A long idle timeout: objects of earlier rounds stay where they are instead of closing mid-run.
        CairnNode node = CairnNode.start(NodeOptions.builder().host("127.0.0.1").httpPort(0).dataDir(data)
                .idleTimeout(Duration.ofMinutes(30)).adminToken(token).build(), relay, router);
        Runtime.getRuntime().addShutdownHook(new Thread(node::close));
        exitWithParent();
        System.out.println("READY " + node.baseUri() + " " + router.nodeId());
        System.out.flush();
        Thread.currentThread().join();
    }
}
