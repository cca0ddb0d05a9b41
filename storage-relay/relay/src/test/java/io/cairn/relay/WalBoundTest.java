package io.cairn.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.ObjectId;
import io.cairn.api.Request;
import io.cairn.api.Response;
import io.cairn.runtime.TestApps;
import io.cairn.runtime.TestApps.Ns;
import io.cairn.runtime.TestNode;
import io.cairn.runtime.exec.CallChain;
import io.cairn.runtime.testapps.CounterObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Through the node: the relay's checkpoints keep the WAL under its bound while writes pour in. */
class WalBoundTest {

    @TempDir
    Path tmp;

    @Test
    void walStaysBoundedUnderSustainedWrites() throws Exception {
        long bound = 256 * 1024;
        try (RelayTestCluster cluster = new RelayTestCluster(tmp.resolve("s3"), "wal-bound");
             TestNode node = cluster.node(tmp.resolve("node"), cluster.relayOptions().withCheckpointWalBytes(bound), b -> b)) {
            node.deploy(TestApps.jar("counter", Ns.of("counter", CounterObject.class)));
            ObjectId id = new ObjectId("counter", "w");
            Path wal = Path.of(node.node().host().pathFor(id) + "-wal");
            ArrayDeque<CompletableFuture<Response>> inFlight = new ArrayDeque<>();
            long maxWal = 0;
            int writes = 20_000;
            for (int i = 0; i < writes; i++) {
                inFlight.add(node.node().host().dispatch(id, Request.builder("POST", "/increment").build(), CallChain.root()));
                if (inFlight.size() >= 64) {
                    assertThat(inFlight.poll().join().status()).isEqualTo(200);
                }
                if (i % 250 == 0 && Files.exists(wal)) {
                    maxWal = Math.max(maxWal, Files.size(wal));
                }
            }
            String last = null;
            while (!inFlight.isEmpty()) {
                Response r = inFlight.poll().join();
                last = r.bodyAsString();
            }
            assertThat(last).isEqualTo("{\"value\":" + writes + "}");
            // One commit of a few pages may land on top of the bound before the next checkpoint.
            assertThat(maxWal).as("largest WAL seen").isLessThan(bound + 64 * 1024).isGreaterThan(0);
            String bookmark = node.admin("GET", "/admin/v1/objects/counter/w/bookmark?at=" + java.time.Instant.now(), null).body()
                    .replaceAll(".*\"bookmark\":\"([0-9a-f]+)\".*", "$1");
            Path restored = tmp.resolve("restored.db");
            RelayChecks.restoreOffline(cluster.s3Options(), id, bookmark, restored);
            assertThat(RelayChecks.counterOf(restored)).isEqualTo(writes);
        }
    }
}
