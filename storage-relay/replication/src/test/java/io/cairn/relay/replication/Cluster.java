package io.cairn.relay.replication;

import io.cairn.relay.capture.CommitRecord;
import io.cairn.relay.replication.ReplicaStore.ReplicaView;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** N replica stores served on 127.0.0.1, each stoppable and restartable on its port, plus a client. */
final class Cluster implements AutoCloseable {

    /** Tests that expect a quorum to be unavailable wait this long; others must not come near it. */
    static final Duration ACK_TIMEOUT = Duration.ofMillis(3000);
    /** Stopped replicas fail at once (closed sockets); this only bounds answers on a loaded machine. */
    static final Duration REQUEST_TIMEOUT = Duration.ofMillis(5000);

    final Vertx vertx = Vertx.vertx();
    final ReplicationClient client = new ReplicationClient(vertx, Duration.ofMillis(500));
    final List<Path> dirs = new ArrayList<>();
    final List<ReplicaStore> stores = new ArrayList<>();
    final List<ReplicaServer> servers = new ArrayList<>();
    final List<ReplicaAddress> addresses = new ArrayList<>();

    Cluster(Path root, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            dirs.add(root.resolve("replica-" + i));
            stores.add(null);
            servers.add(null);
            addresses.add(null);
            start(i);
        }
    }

    void start(int i) throws Exception {
        ReplicaStore store = ReplicaStore.open(dirs.get(i), new ReplicaStore.Options(Duration.ZERO, 16));
        int port = addresses.get(i) == null ? 0 : addresses.get(i).port();
        ReplicaServer server = ReplicaServer.start(vertx, store, "127.0.0.1", port)
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        stores.set(i, store);
        servers.set(i, server);
        addresses.set(i, server.address());
    }

    /** Closes replica {@code i}'s listener, connections and files, as a killed node would. */
    void stop(int i) throws Exception {
        servers.get(i).close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        stores.get(i).close();
        servers.set(i, null);
        stores.set(i, null);
    }

    ReplicaView view(int i, String key) throws Exception {
        return stores.get(i).view(key).get(10, TimeUnit.SECONDS).orElseThrow();
    }

    EpochElection election() {
        return new EpochElection(client, REQUEST_TIMEOUT);
    }

    /** Wins {@code epoch} on {@code replicas} and starts a replicator for it over {@code source}. */
    QuorumReplicator owner(String key, long epoch, List<ReplicaAddress> replicas, int quorum, CatchUpSource source)
            throws Exception {
        ElectionResult won = election().prepare(key, epoch, replicas, quorum).get(10, TimeUnit.SECONDS);
        return QuorumReplicator.start(vertx, client,
                won.replicatorConfig(replicas, quorum, ACK_TIMEOUT, REQUEST_TIMEOUT), source);
    }

    static void replicateAll(QuorumReplicator r, List<CommitRecord> commits) throws Exception {
        List<CompletableFuture<Void>> acks = commits.stream().map(r::replicate).toList();
        CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        for (int i = 0; i < servers.size(); i++) {
            if (servers.get(i) != null) {
                stop(i);
            }
        }
        client.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
