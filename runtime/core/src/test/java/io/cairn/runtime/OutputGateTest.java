package io.cairn.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cairn.api.ObjectId;
import io.cairn.api.Request;
import io.cairn.api.Response;
import io.cairn.runtime.TestApps.Ns;
import io.cairn.runtime.catalog.NodeCatalog;
import io.cairn.runtime.deploy.DeploymentStore;
import io.cairn.runtime.exec.CallChain;
import io.cairn.runtime.exec.ObjectFailure;
import io.cairn.runtime.exec.ObjectHost;
import io.cairn.runtime.gate.CommitTicket;
import io.cairn.runtime.gate.DurabilityGate;
import io.cairn.runtime.testapps.CounterObject;
import io.cairn.runtime.ws.WebSocketHub;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The output gate with a gate the test controls: responses wait for the durability of every
 * write before them, while the object goes on running events.
 */
class OutputGateTest {

    /** Holds every commit until the test releases it. */
    static final class HeldGate implements DurabilityGate {
        final List<CommitTicket> tickets = new CopyOnWriteArrayList<>();
        final List<CompletableFuture<Void>> futures = new CopyOnWriteArrayList<>();

        @Override
        public CompletableFuture<Void> submit(CommitTicket ticket) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            tickets.add(ticket);
            futures.add(f);
            return f;
        }

        @Override
        public void release(ObjectId object) {
        }

        @Override
        public void close() {
        }
    }

    @TempDir
    Path data;
    HeldGate gate = new HeldGate();
    DeploymentStore store;
    NodeCatalog catalog;
    ObjectHost host;
    final ObjectId counter = new ObjectId("counter", "g");

    @BeforeEach
    void start() throws Exception {
        NodeOptions options = NodeOptions.builder().dataDir(data).build();
        store = DeploymentStore.open(data.resolve("deployments"), options.maxDeploymentBytes());
        store.deploy(TestApps.jar("counter", Ns.of("counter", CounterObject.class)), ns -> { });
        catalog = NodeCatalog.open(data.resolve("catalog.db"));
        host = new ObjectHost(options, store, catalog, gate, new WebSocketHub(Clock.systemUTC()), Clock.systemUTC(),
                new SimpleMeterRegistry());
        host.start();
    }

    @AfterEach
    void stop() {
        gate.futures.forEach(f -> f.complete(null));
        host.shutdown(Duration.ofSeconds(5));
        catalog.close();
        store.close();
    }

    private CompletableFuture<Response> call(String method, String path) {
        return host.dispatch(counter, Request.builder(method, path).build(), CallChain.root());
    }

    @Test
    void responsesWaitForDurabilityOfEarlierWritesButEventsKeepRunning() {
        // Activation creates the table: that commit is ticket 0; let it through.
        CompletableFuture<Response> first = call("POST", "/increment");
        await().atMost(Duration.ofSeconds(5)).until(() -> gate.tickets.size() == 2);
        gate.futures.get(0).complete(null);

        CompletableFuture<Response> second = call("POST", "/increment");
        await().atMost(Duration.ofSeconds(5)).until(() -> gate.tickets.size() == 3);
        CompletableFuture<Response> read = call("GET", "/");
        // The read ran (the object is not blocked) but its answer waits for the second write.
        await().atMost(Duration.ofSeconds(5)).until(() -> gate.tickets.size() == 3 && host.isLive(counter));

        assertThat(first).isNotDone();
        assertThat(second).isNotDone();
        assertThat(read).isNotDone();
        assertThat(gate.tickets).extracting(CommitTicket::sequence).containsExactly(1L, 2L, 3L);

        gate.futures.get(1).complete(null);
        assertThat(first.join().bodyAsString()).isEqualTo("{\"value\":1}");
        assertThat(second).isNotDone();
        assertThat(read).isNotDone();

        gate.futures.get(2).complete(null);
        assertThat(second.join().bodyAsString()).isEqualTo("{\"value\":2}");
        assertThat(read.join().bodyAsString()).isEqualTo("{\"value\":2}");
    }

    @Test
    void aCommitThatCannotBeMadeDurableFailsItsResponseAndRestartsTheObject() {
        CompletableFuture<Response> first = call("POST", "/increment");
        await().atMost(Duration.ofSeconds(5)).until(() -> gate.tickets.size() == 2);
        gate.futures.get(0).complete(null);
        gate.futures.get(1).completeExceptionally(new java.io.IOException("disk on fire"));
        assertThatThrownBy(first::join).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(ObjectFailure.class).hasMessageContaining("disk on fire")
                .extracting(t -> ((ObjectFailure) t).kind()).isEqualTo(ObjectFailure.Kind.NOT_DURABLE);
        await().atMost(Duration.ofSeconds(5)).until(() -> !host.isLive(counter));
    }
}
