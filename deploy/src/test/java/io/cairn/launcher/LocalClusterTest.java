package io.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn local-cluster} for real: two node JVMs and the embedded S3 store, requests through
 * either node, a node killed (reported, the other keeps serving), and a graceful stop.
 */
class LocalClusterTest {

    @TempDir
    Path work;

    @TempDir
    Path repo;

    @Test
    void runsTwoNodesReportsACrashAndStopsGracefully() throws Exception {
        Path home = TestPaths.homeWithCounter(repo);
        LocalClusterPlan plan = LocalClusterPlan.of(2, freeRange(2), freeRange(2), 0, work);
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ChildJvm current = ChildJvm.current();
        ChildJvm jvm = new ChildJvm(current.java(), current.jvmFlags(), classpath);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter errWriter = new PrintWriter(err, true);

        try {
            runAndCheck(home, plan, jvm, out, err, errWriter);
        } catch (Throwable t) {
            // The nodes' relayed output says why they did not come up or stop.
            System.out.println("local-cluster output:\n" + out + "\nlocal-cluster errors:\n" + err);
            throw t;
        }
    }

    private void runAndCheck(Path home, LocalClusterPlan plan, ChildJvm jvm, StringWriter out, StringWriter err,
                             PrintWriter errWriter) throws Exception {
        LocalClusterPlan.Member one = plan.nodes().get(0);
        LocalClusterPlan.Member two = plan.nodes().get(1);
        try (LocalCluster cluster = LocalCluster.start(new LocalCluster.Settings(work, home, plan, TestPaths.s3proxyLib(), jvm,
                Duration.ofSeconds(40)), new PrintWriter(out, true), errWriter)) {
            String token = Files.readString(work.resolve(".cairn/admin-token")).strip();
            assertThat(out.toString())
                    .contains("Cairn local cluster running: 2 nodes on 127.0.0.1")
                    .contains("[node-1] cairn node listening on " + one.url())
                    .contains("[node-2] cairn node listening on " + two.url())
                    .containsPattern("node-2 +" + two.url() + " +" + two.clusterAddress() + " +" + cluster.pids().get(1)
                            + " +\\.cairn/cluster/node-2")
                    .contains("S3 endpoint:  " + cluster.s3().endpoint())
                    .contains("admin token:  " + token)
                    .contains("counter    deployed, version 1")
                    .contains("curl " + two.url() + "/objects/counter/hello");

            // Every node accepts every request: a write through node-1 is read back through node-2.
            assertThat(Http.post(URI.create(one.url() + "/objects/counter/hello/increment")).body()).isEqualTo("{\"value\":1}");
            assertThat(Http.get(URI.create(two.url() + "/objects/counter/hello")).body()).isEqualTo("{\"value\":1}");

            ProcessHandle node2 = ProcessHandle.of(cluster.pids().get(1)).orElseThrow();
            node2.destroyForcibly();
            node2.onExit().get();
            cluster.check();
            assertThat(err.toString()).contains("cairn: node-2 (pid " + cluster.pids().get(1) + ", " + two.url()
                    + ") exited unexpectedly with exit code 137; the other nodes keep running");
            cluster.check();
            assertThat(err.toString()).containsOnlyOnce("node-2 (pid");
            assertThat(Http.get(URI.create(one.url() + "/readyz")).statusCode()).isEqualTo(200);
        }
        assertThat(out.toString()).contains("[node-1] cairn: stopped");
        assertThat(err.toString()).doesNotContain("killed it").doesNotContain("stopped with exit code");
    }

    /** The first of {@code n} consecutive ports free on loopback. */
    private static int freeRange(int n) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            boolean free = true;
            for (int p = base; p < base + n && free; p++) {
                free = Ports.free(LocalClusterPlan.HOST, p);
            }
            if (free) {
                return base;
            }
        }
        throw new IllegalStateException("no " + n + " consecutive free ports on loopback");
    }
}
