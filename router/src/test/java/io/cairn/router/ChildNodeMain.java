package io.cairn.router;

import io.cairn.relay.RelayOptions;
import io.cairn.relay.StorageRelay;
import io.cairn.relay.store.S3Options;
import io.cairn.relay.store.ShipperOptions;
import io.cairn.runtime.CairnNode;
import io.cairn.runtime.NodeOptions;
import io.cairn.runtime.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A cluster member in its own JVM, for tests that kill or pause a process for real. Arguments:
 * data dir, cluster port, seeds (comma-separated), cluster name, S3 endpoint, bucket, access key,
 * secret key, replicas, quorum. Prints {@code READY <http base URI> <node id>} once it serves, then runs until killed.
 */
public final class ChildNodeMain {

    private ChildNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int clusterPort = Integer.parseInt(args[1]);
        List<String> seeds = args[2].isEmpty() ? List.of() : Arrays.asList(args[2].split(","));
        ClusterOptions cluster = ClusterOptions.builder().clusterHost("127.0.0.1").clusterPort(clusterPort).seeds(seeds)
                .clusterName(args[3]).heartbeatInterval(Duration.ofSeconds(1)).memberTimeout(Duration.ofSeconds(4))
                .replicas(Integer.parseInt(args[8])).quorum(Integer.parseInt(args[9])).replicationPort(0).build();
        ShipperOptions d = ShipperOptions.defaults();
        RelayOptions relay = RelayOptions.defaults(S3Options.of(args[4], args[5], args[6], args[7]))
                .withShipper(new ShipperOptions(d.maxBatchBytes(), Duration.ofMillis(300), d.threads(), Duration.ofMillis(100),
                        Duration.ofSeconds(1), Duration.ofSeconds(20)));
        StorageRelay storage = new StorageRelay(relay);
        ClusterRouter router = new ClusterRouter(cluster, storage);
        CairnNode node = CairnNode.start(NodeOptions.builder().host("127.0.0.1").httpPort(0).dataDir(data)
                .adminToken(TestNode.TOKEN).build(), storage, router);
        Runtime.getRuntime().addShutdownHook(new Thread(node::close));
        System.out.println("READY " + node.baseUri() + " " + router.nodeId());
        System.out.flush();
        Thread.currentThread().join();
    }
}
