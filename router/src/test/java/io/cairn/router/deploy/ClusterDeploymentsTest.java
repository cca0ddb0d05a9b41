package io.cairn.router.deploy;

import io.cairn.router.deploy.ClusterNodes.Node;
import io.cairn.runtime.TestApps;
import io.cairn.runtime.deploy.ConstructorCheck;
import io.cairn.runtime.deploy.Deployment;
import io.cairn.runtime.deploy.DeploymentRejectedException;
import io.cairn.runtime.deploy.DeploymentStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.cairn.router.deploy.ClusterNodes.INSTANTIATE;
import static io.cairn.router.deploy.ClusterNodes.answer;
import static io.cairn.router.deploy.ClusterNodes.echoJar;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ClusterDeploymentsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    static {
        // Hazelcast's INFO chatter would bury the test output; warnings and errors still show.
        System.setProperty("org.slf4j.simpleLogger.log.com.hazelcast", "warn");
    }

    @TempDir
    Path dir;
    private ClusterNodes cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private List<Node> threeNodes() {
        cluster = new ClusterNodes(dir, 4);
        return List.of(cluster.start("n1"), cluster.start("n2"), cluster.start("n3"));
    }

    private static void awaitEverywhere(List<Node> nodes, long version) throws InterruptedException {
        for (Node n : nodes) {
            assertThat(n.deployments().awaitVersion(version, WAIT)).as("%s reached version %d", n.name(), version).isTrue();
        }
    }

    private static List<String> ids(DeploymentStore store) {
        return store.list().stream().map(Deployment::id).toList();
    }

    @Test
    void aDeploymentOnOneNodeReachesEveryNode() throws Exception {
        List<Node> nodes = threeNodes();
        byte[] jar = echoJar("echo", "echo", "v1");

        Deployment d = nodes.get(0).deployments().deploy(jar, INSTANTIATE);

        assertThat(d.version()).isEqualTo(1);
        awaitEverywhere(nodes, 1);
        for (Node n : nodes) {
            assertThat(n.store().list()).as(n.name()).containsExactly(d);
            assertThat(n.store().jarBytes(1)).hasValueSatisfying(b -> assertThat(b).isEqualTo(jar));
            assertThat(answer(n.store(), "echo")).isEqualTo("v1");
            assertThat(n.deployments().clusterVersion()).isEqualTo(1);
        }

        Deployment d2 = nodes.get(2).deployments().deploy(echoJar("echo", "echo", "v2"), INSTANTIATE);

        assertThat(d2.version()).isEqualTo(2);
        awaitEverywhere(nodes, 2);
        for (Node n : nodes) {
            assertThat(n.store().list()).containsExactly(d, d2);
            assertThat(answer(n.store(), "echo")).isEqualTo("v2");
        }
    }

    @Test
    void concurrentDeploysOnTwoNodesGetDistinctConsecutiveVersionsEverywhere() throws Exception {
        List<Node> nodes = threeNodes();
        int perNode = 4;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Deployment>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (int node = 0; node < 2; node++) {
                Node n = nodes.get(node);
                for (int i = 0; i < perNode; i++) {
                    byte[] jar = echoJar("app-" + node, "ns-" + node, "deploy " + i);
                    futures.add(pool.submit(() -> {
                        go.await();
                        return n.deployments().deploy(jar, INSTANTIATE);
                    }));
                }
            }
            go.countDown();
            List<Long> versions = new ArrayList<>();
            for (Future<Deployment> f : futures) {
                versions.add(f.get().version());
            }
            assertThat(versions).containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        }

        awaitEverywhere(nodes, 2L * perNode);
        List<String> first = ids(nodes.get(0).store());
        assertThat(first).hasSize(2 * perNode);
        assertThat(nodes.get(0).store().list()).extracting(Deployment::version).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        for (Node n : nodes) {
            assertThat(ids(n.store())).as(n.name()).isEqualTo(first);
            assertThat(answer(n.store(), "ns-0")).isEqualTo("deploy 3");
            assertThat(answer(n.store(), "ns-1")).isEqualTo("deploy 3");
        }
    }

    @Test
    void aBadJarIsRejectedAndAppearsNowhere() throws Exception {
        List<Node> nodes = threeNodes();
        byte[] notAnObject = TestApps.jar("bad", TestApps.Ns.of("bad", NotAnObject.class));

        DeploymentRejectedException notAJar = catchThrowableOfType(DeploymentRejectedException.class,
                () -> nodes.get(1).deployments().deploy("{\"no\":\"jar\"}".getBytes(StandardCharsets.UTF_8), INSTANTIATE));
        DeploymentRejectedException notDurable = catchThrowableOfType(DeploymentRejectedException.class,
                () -> nodes.get(1).deployments().deploy(notAnObject, INSTANTIATE));
        DeploymentRejectedException threw = catchThrowableOfType(DeploymentRejectedException.class,
                () -> nodes.get(1).deployments().deploy(echoJar("echo", "echo", "v1"), ns -> {
                    throw new IllegalStateException("no scratch database");
                }));

        assertThat(notAJar.code()).isEqualTo("not_a_jar");
        assertThat(notDurable.code()).isEqualTo("not_a_durable_object");
        assertThat(threw.code()).isEqualTo("constructor_threw");
        for (Node n : nodes) {
            assertThat(n.deployments().clusterVersion()).isZero();
            assertThat(n.store().list()).isEmpty();
        }

        // No version was used up, and the next good deployment is the first anyone sees.
        Deployment good = nodes.get(0).deployments().deploy(echoJar("echo", "echo", "good"), INSTANTIATE);
        assertThat(good.version()).isEqualTo(1);
        awaitEverywhere(nodes, 1);
        for (Node n : nodes) {
            assertThat(n.store().list()).containsExactly(good);
        }
    }

    @Test
    void aMemberJoiningLaterGetsEveryDeploymentInOrder() throws Exception {
        List<Node> nodes = threeNodes();
        List<Deployment> deployed = new ArrayList<>();
        deployed.add(nodes.get(0).deployments().deploy(echoJar("a", "a", "a1"), INSTANTIATE));
        deployed.add(nodes.get(1).deployments().deploy(echoJar("b", "b", "b1"), INSTANTIATE));
        deployed.add(nodes.get(2).deployments().deploy(echoJar("a", "a", "a2"), INSTANTIATE));
        awaitEverywhere(nodes, 3);

        DeploymentStore late = cluster.store("n4");
        List<Long> toldInOrder = new CopyOnWriteArrayList<>();
        late.addListener((d, namespaces) -> toldInOrder.add(d.version()));
        Node fourth = cluster.start("n4", late, () -> INSTANTIATE);

        // start() returns once the joiner has caught up with the log.
        assertThat(fourth.deployments().appliedVersion()).isEqualTo(3);
        assertThat(toldInOrder).containsExactly(1L, 2L, 3L);
        assertThat(late.list()).isEqualTo(deployed);
        assertThat(answer(late, "a")).isEqualTo("a2");
        assertThat(answer(late, "b")).isEqualTo("b1");

        // And it takes part from now on, in both directions.
        Deployment fromJoiner = fourth.deployments().deploy(echoJar("b", "b", "b2"), INSTANTIATE);
        assertThat(fromJoiner.version()).isEqualTo(4);
        awaitEverywhere(cluster.nodes(), 4);
        for (Node n : cluster.nodes()) {
            assertThat(answer(n.store(), "b")).isEqualTo("b2");
        }
    }

    @Test
    void aNodeWithLocalHistoryStartingAFreshClusterPublishesIt() throws Exception {
        cluster = new ClusterNodes(dir, 3);
        byte[] shared = echoJar("echo", "echo", "v1");
        // n1 ran alone before: two deployments. n2 ran alone too, with the same first one and nothing else.
        DeploymentStore s1 = cluster.store("n1");
        Deployment v1 = s1.deploy(shared, INSTANTIATE);
        Deployment v2 = s1.deploy(echoJar("echo", "echo", "v2"), INSTANTIATE);
        DeploymentStore s2 = cluster.store("n2");
        s2.deploy(shared, INSTANTIATE);

        Node n1 = cluster.start("n1", s1, () -> INSTANTIATE);
        assertThat(n1.deployments().clusterVersion()).isEqualTo(2);
        Node n2 = cluster.start("n2", s2, () -> INSTANTIATE);
        Node n3 = cluster.start("n3");

        for (Node n : List.of(n1, n2, n3)) {
            assertThat(n.deployments().appliedVersion()).isEqualTo(2);
            assertThat(n.store().list()).extracting(Deployment::id).containsExactly(v1.id(), v2.id());
            assertThat(answer(n.store(), "echo")).isEqualTo("v2");
        }
        // A node that had nothing takes the publisher's records as they were, time included.
        assertThat(n3.store().list()).containsExactly(v1, v2);
        Deployment v3 = n3.deployments().deploy(echoJar("echo", "echo", "v3"), INSTANTIATE);
        assertThat(v3.version()).isEqualTo(3);
        awaitEverywhere(cluster.nodes(), 3);
        assertThat(answer(n1.store(), "echo")).isEqualTo("v3");
    }

    @Test
    void aJoinerThatIsAheadPublishesItsNewerVersionsAndADivergentOneKeepsItsOwn() throws Exception {
        cluster = new ClusterNodes(dir, 3);
        byte[] shared = echoJar("echo", "echo", "v1");
        DeploymentStore s1 = cluster.store("n1");
        s1.deploy(shared, INSTANTIATE);
        DeploymentStore s2 = cluster.store("n2"); // same first deployment, then one the others never saw
        s2.deploy(shared, INSTANTIATE);
        Deployment ahead = s2.deploy(echoJar("echo", "echo", "v2 from n2"), INSTANTIATE);
        DeploymentStore s3 = cluster.store("n3"); // a different JAR under version 1
        Deployment divergent = s3.deploy(echoJar("other", "other", "mine"), INSTANTIATE);

        Node n1 = cluster.start("n1", s1, () -> INSTANTIATE);
        Node n2 = cluster.start("n2", s2, () -> INSTANTIATE);
        assertThat(n2.deployments().clusterVersion()).isEqualTo(2);
        assertThat(n1.deployments().awaitVersion(2, WAIT)).isTrue();
        assertThat(n1.store().list()).extracting(Deployment::id).endsWith(ahead.id());
        Node n3 = cluster.start("n3", s3, () -> INSTANTIATE);

        // The cluster's log wins for new versions: n3 keeps its own version 1 and takes version 2 from the log.
        assertThat(n3.store().list()).extracting(Deployment::id).containsExactly(divergent.id(), ahead.id());
        assertThat(answer(n3.store(), "echo")).isEqualTo("v2 from n2");
        assertThat(answer(n3.store(), "other")).isEqualTo("mine");
        assertThat(n3.deployments().clusterVersion()).isEqualTo(2); // nothing of n3's was published
        Deployment v3 = n3.deployments().deploy(echoJar("echo", "echo", "v3"), INSTANTIATE);
        assertThat(v3.version()).isEqualTo(3);
        awaitEverywhere(cluster.nodes(), 3);
        assertThat(n1.store().namespace("other")).isEmpty();
        assertThat(answer(n1.store(), "echo")).isEqualTo("v3");
    }

    @Test
    void aDeploymentFailingTheLocalCheckOnOneNodeLeavesItServingThePreviousCode() throws Exception {
        cluster = new ClusterNodes(dir, 3);
        AtomicBoolean brokenOnN3 = new AtomicBoolean();
        ConstructorCheck n3Check = ns -> {
            if (brokenOnN3.get()) {
                throw new IllegalStateException("n3 cannot open a scratch database");
            }
            INSTANTIATE.check(ns);
        };
        Node n1 = cluster.start("n1");
        Node n2 = cluster.start("n2");
        Node n3 = cluster.start("n3", cluster.store("n3"), () -> n3Check);
        List<Node> nodes = List.of(n1, n2, n3);
        n1.deployments().deploy(echoJar("echo", "echo", "v1"), INSTANTIATE);
        awaitEverywhere(nodes, 1);

        brokenOnN3.set(true);
        n1.deployments().deploy(echoJar("echo", "echo", "v2"), INSTANTIATE);
        awaitEverywhere(nodes, 2);

        assertThat(answer(n2.store(), "echo")).isEqualTo("v2");
        assertThat(n3.store().lastVersion()).isEqualTo(1);
        assertThat(answer(n3.store(), "echo")).isEqualTo("v1");

        // n3 is still a working member: it applies the next version and deploys itself.
        brokenOnN3.set(false);
        n2.deployments().deploy(echoJar("echo", "echo", "v3"), INSTANTIATE);
        assertThat(n3.deployments().awaitVersion(3, WAIT)).isTrue();
        assertThat(n3.store().list()).extracting(Deployment::version).containsExactly(1L, 3L);
        assertThat(answer(n3.store(), "echo")).isEqualTo("v3");
        Deployment v4 = n3.deployments().deploy(echoJar("echo", "echo", "v4"), INSTANTIATE);
        assertThat(v4.version()).isEqualTo(4);
        awaitEverywhere(nodes, 4);
        assertThat(answer(n1.store(), "echo")).isEqualTo("v4");
    }
}
