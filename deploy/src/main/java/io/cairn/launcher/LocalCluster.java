package io.cairn.launcher;

import io.cairn.relay.store.EmbeddedS3;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A running {@code cairn local-cluster}: one embedded S3 store (a child JVM) and N nodes, each a
 * child JVM running this launcher's {@code node} command, all on loopback as
 * {@link LocalClusterPlan} lays out. Separate from {@link LocalClusterCommand} so tests can start
 * it on free ports in a temporary directory.
 */
final class LocalCluster implements AutoCloseable {

    /** How long each node gets to stop gracefully before it is killed. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    /**
     * @param workDir the directory whose {@code .cairn/} holds the data, the buckets and the token
     * @param home the repository whose sample apps are deployed; null deploys none
     * @param plan the ports and directories
     * @param s3Lib the embedded S3 server's jars ({@link S3ProxyLib})
     * @param jvm how to start a node's JVM
     * @param readyTimeout how long the nodes get to answer {@code /readyz}
     */
    record Settings(Path workDir, Path home, LocalClusterPlan plan, Path s3Lib, ChildJvm jvm, Duration readyTimeout) {
    }

    private final LocalClusterPlan plan;
    private final EmbeddedS3 s3;
    private final List<NodeProcess> nodes;
    private final PrintWriter err;

    private LocalCluster(LocalClusterPlan plan, EmbeddedS3 s3, List<NodeProcess> nodes, PrintWriter err) {
        this.plan = plan;
        this.s3 = s3;
        this.nodes = nodes; // filled by start() as the nodes start, so a failure midway stops those already running
        this.err = err;
    }

    /**
     * Starts the S3 store and the nodes, waits until every node is ready, deploys the sample apps
     * through node-1 and prints the banner; on any failure stops what it started.
     */
    static LocalCluster start(Settings settings, PrintWriter out, PrintWriter err) throws InterruptedException {
        LocalClusterPlan plan = settings.plan();
        plan.fixedPorts().forEach((port, what) -> {
            if (!Ports.free(LocalClusterPlan.HOST, port)) {
                throw new CliException("port " + port + " on " + LocalClusterPlan.HOST + ", " + what + ", is already in use;"
                        + " stop the other process (a cairn dev, node or another local-cluster?) or pick other ports, e.g."
                        + " --base-port 9100 --cluster-base-port 5801");
            }
        });
        String token = AdminTokenFile.loadOrCreate(plan.tokenFile());
        EmbeddedS3 s3 = EmbeddedS3Starter.start(plan.s3Dir(), LocalClusterPlan.HOST, plan.s3Port(), settings.s3Lib(), "--s3-port");
        Map<String, String> env = LocalClusterPlan.environment(System.getenv(), token, s3.endpoint(), s3.accessKey(), s3.secretKey());
        List<NodeProcess> nodes = new CopyOnWriteArrayList<>();
        LocalCluster cluster = new LocalCluster(plan, s3, nodes, err);
        // Stopped while starting (Ctrl-C before the banner): the JVM's shutdown hooks run, this one
        // asks the nodes started so far to stop. Afterwards UntilShutdown handles the signals.
        Thread startupHook = new Thread(() -> nodes.forEach(NodeProcess::requestStop), "cairn-local-cluster-startup");
        Runtime.getRuntime().addShutdownHook(startupHook);
        try {
            long self = ProcessHandle.current().pid();
            for (LocalClusterPlan.Member m : plan.nodes()) {
                nodes.add(NodeProcess.start(m, settings.jvm().command(self, plan.nodeArgs(m)), env, out));
            }
            cluster.awaitReady(settings.readyTimeout());
            List<SampleAppDeployer.Outcome> outcomes = List.of();
            if (settings.home() != null) {
                try (AdminClient admin = new AdminClient(URI.create(plan.nodes().getFirst().url()), token)) {
                    outcomes = new SampleAppDeployer(admin).deployAll(SampleApps.byApp(SampleApps.find(settings.home())));
                }
            }
            Path workDir = settings.workDir().toAbsolutePath().normalize();
            new LocalClusterBanner(plan, s3, cluster.pids(), token, settings.home(), workDir).print(out, outcomes);
            return cluster;
        } catch (RuntimeException | InterruptedException e) {
            try {
                cluster.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(startupHook);
            } catch (IllegalStateException e) {
                // Already shutting down: the hook is running.
            }
        }
    }

    /** The nodes' pids, node-1 first, for the banner (a user testing failover kills one). */
    List<Long> pids() {
        return nodes.stream().map(NodeProcess::pid).toList();
    }

    List<NodeProcess> nodes() {
        return List.copyOf(nodes);
    }

    EmbeddedS3 s3() {
        return s3;
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        err.println("cairn: waiting for " + nodes.size() + " node" + (nodes.size() == 1 ? "" : "s") + " to answer /readyz ...");
        err.flush();
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<NodeProcess> waiting = new ArrayList<>(nodes);
        while (!waiting.isEmpty()) {
            for (NodeProcess n : List.copyOf(waiting)) {
                if (!n.isAlive()) {
                    throw new CliException(n.member().name() + " exited with code " + n.exitCode().orElse(-1)
                            + " before it was ready; its output is above, prefixed [" + n.member().name() + "]");
                }
                if (ready(http, n.member())) {
                    waiting.remove(n);
                }
            }
            if (!waiting.isEmpty() && System.nanoTime() > deadline) {
                throw new CliException("not ready after " + timeout.toSeconds() + " s: "
                        + String.join(", ", waiting.stream().map(n -> n.member().name() + " (" + n.member().url() + "/readyz)").toList())
                        + "; their output is above");
            }
            if (!waiting.isEmpty()) {
                Thread.sleep(250);
            }
        }
    }

    private static boolean ready(HttpClient http, LocalClusterPlan.Member m) throws InterruptedException {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(m.url() + "/readyz")).timeout(Duration.ofSeconds(2)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * Checked about once a second while the cluster runs: reports each node that exited (and
     * keeps the others running: the user may be testing failover), brings the S3 store back if it
     * stopped, and fails once no node is left.
     */
    void check() {
        for (NodeProcess n : nodes) {
            if (n.exitedUnreported()) {
                err.println("cairn: " + n.member().name() + " (pid " + n.pid() + ", " + n.member().url() + ") exited"
                        + " unexpectedly with exit code " + n.exitCode().orElse(-1) + "; the other nodes keep running");
                err.flush();
            }
        }
        if (nodes.stream().noneMatch(NodeProcess::isAlive)) {
            throw new CliException("every node has exited; stopping the embedded S3 store");
        }
        EmbeddedS3Starter.restartIfStopped(s3, err, "writes wait in each node's spool");
    }

    /**
     * Stops every node with one SIGTERM each (they finish in-flight events and ship their last
     * writes), waits up to {@link #STOP_TIMEOUT} and kills what is left, then stops the S3 store.
     * Ctrl-C in a terminal reaches the S3 child too; it is restarted while the nodes stop so their
     * last uploads land.
     */
    @Override
    public void close() {
        Thread keeper = Thread.ofPlatform().daemon().name("cairn-local-cluster-s3-keeper").start(this::keepS3WhileStopping);
        try {
            nodes.forEach(NodeProcess::requestStop);
            long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
            for (NodeProcess n : nodes) {
                Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
                boolean wasRunning = n.isAlive();
                if (n.awaitExit(left)) {
                    err.println("cairn: " + n.member().name() + " did not stop within " + STOP_TIMEOUT.toSeconds() + " s; killed it");
                } else if (wasRunning && n.exitCode().orElse(0) != 0) {
                    err.println("cairn: " + n.member().name() + " stopped with exit code " + n.exitCode().getAsInt()
                            + "; its output is above");
                }
                err.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            keeper.interrupt();
            try {
                keeper.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            s3.close();
        }
    }

    private void keepS3WhileStopping() {
        while (!Thread.currentThread().isInterrupted()) {
            if (!s3.isRunning() && nodes.stream().anyMatch(NodeProcess::isAlive)) {
                try {
                    s3.restart();
                } catch (RuntimeException e) {
                    // The nodes' last flush then fails and says so; their spools keep the writes for the next start.
                    return;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
