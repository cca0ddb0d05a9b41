package io.cairn.relay;

import io.cairn.relay.store.EmbeddedS3;
import io.cairn.relay.store.S3Options;
import io.cairn.relay.store.ShipperOptions;
import io.cairn.runtime.CairnNode;
import io.cairn.runtime.NodeOptions;
import io.cairn.runtime.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** A real s3proxy (child JVM) and nodes with the storage relay pointed at it. */
final class RelayTestCluster implements AutoCloseable {

    final EmbeddedS3 s3;
    final String bucket;

    RelayTestCluster(Path s3Dir, String bucket) {
        this.s3 = EmbeddedS3.start(s3Dir, "127.0.0.1", 0, Path.of(System.getProperty("cairn.s3proxy.lib")));
        this.bucket = bucket;
    }

    S3Options s3Options() {
        return s3.options(bucket);
    }

    /** Fast batching so tests do not wait 10 s for a flush. */
    RelayOptions relayOptions() {
        ShipperOptions d = ShipperOptions.defaults();
        return RelayOptions.defaults(s3Options()).withShipper(new ShipperOptions(d.maxBatchBytes(), Duration.ofMillis(300),
                d.threads(), Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(20)));
    }

    TestNode node(Path data) {
        return node(data, relayOptions(), b -> b);
    }

    TestNode node(Path data, RelayOptions relay, UnaryOperator<NodeOptions.Builder> tune) {
        return TestNode.start(data, tune, new StorageRelay(relay));
    }

    @Override
    public void close() {
        s3.close();
    }

    static CairnNode unwrap(TestNode n) {
        return n.node();
    }
}
