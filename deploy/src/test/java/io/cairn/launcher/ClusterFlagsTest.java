package io.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairn.router.ClusterOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Option;

/** {@code cairn node}'s cluster flags: defaults, flags, environment variables and the errors for bad input. */
class ClusterFlagsTest {

    private static final String[] S3 = {"--s3-endpoint", "http://127.0.0.1:9", "--s3-bucket", "cairn",
        "--s3-access-key", "k", "--s3-secret-key", "s"};

    @TempDir
    Path data;

    @BeforeAll
    static void cleanEnvironment() {
        assumeTrue(System.getenv().keySet().stream().noneMatch(k -> k.startsWith("CAIRN_")),
                "a CAIRN_* variable is set in this environment");
    }

    private ClusterOptions resolve(boolean objectStorage, String... args) {
        List<String> all = new ArrayList<>(List.of("node", "--data", data.toString()));
        all.addAll(List.of(args));
        NodeCommand node = Cli.parse(NodeCommand.class, all.toArray(String[]::new)).command();
        return node.cluster.resolve(node.host, node.httpPort, objectStorage);
    }

    private Cli.Result node(String... args) {
        List<String> all = new ArrayList<>(List.of("node", "--data", data.toString()));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    private Cli.Result nodeWithS3(String... args) {
        List<String> all = new ArrayList<>(List.of(S3));
        all.addAll(List.of(args));
        return node(all.toArray(String[]::new));
    }

    @Test
    void defaultsMakeAClusterOfOneOnTheHttpHost() {
        ClusterOptions o = resolve(false, "--host", "127.0.0.2");
        assertThat(o.clusterPort()).isEqualTo(5701);
        assertThat(o.clusterHost()).isEqualTo("127.0.0.2");
        assertThat(o.seeds()).isEmpty();
        assertThat(o.clusterName()).isEqualTo("cairn");
        // Without object storage there is nothing to replicate: no replicas unless asked for.
        assertThat(o.replicas()).isZero();
        assertThat(o.quorum()).isZero();
        assertThat(o.kubernetes()).isNull();
        // A cluster of one has no peers either; a member of a larger cluster replicates 5/3 by default.
        assertThat(resolve(true).replicas()).isZero();
        ClusterOptions member = resolve(true, "--seeds", "127.0.0.1:5702");
        assertThat(member.replicas()).isEqualTo(5);
        assertThat(member.quorum()).isEqualTo(3);
        assertThat(resolve(true, "--replicas", "2").quorum()).as("quorum at most --replicas").isEqualTo(2);
        assertThat(ClusterFlags.describe(o)).isEqualTo(
                "cluster 'cairn', member port 127.0.0.2:5701, no seeds: a cluster of one, others may join through this node");
    }

    @Test
    void flagsReachTheClusterOptions() {
        ClusterOptions o = resolve(true, "--cluster-port", "5801", "--cluster-host", "10.0.0.5", "--seeds",
                "10.0.0.5:5801, 10.0.0.6:5801", "--seeds", "node-c:5701", "--cluster-name", "prod", "--replicas", "3",
                "--quorum", "2");
        assertThat(o.clusterPort()).isEqualTo(5801);
        assertThat(o.clusterHost()).isEqualTo("10.0.0.5");
        assertThat(o.seeds()).containsExactly("10.0.0.5:5801", "10.0.0.6:5801", "node-c:5701");
        assertThat(o.clusterName()).isEqualTo("prod");
        assertThat(o.replicas()).isEqualTo(3);
        assertThat(o.quorum()).isEqualTo(2);
        assertThat(ClusterFlags.describe(o)).endsWith("seeds 10.0.0.5:5801,10.0.0.6:5801,node-c:5701");
    }

    @Test
    void kubernetesDiscoveryTakesTheServiceAndOptionalNamespace() {
        ClusterOptions o = resolve(true, "--host", "0.0.0.0", "--cluster-host", "10.1.2.3", "--kubernetes-service", "cairn-members");
        assertThat(o.kubernetes()).isEqualTo(new ClusterOptions.KubernetesDiscovery(null, "cairn-members"));
        assertThat(o.clusterHost()).isEqualTo("10.1.2.3");
        assertThat(resolve(true, "--kubernetes-service", "m", "--kubernetes-namespace", "prod").kubernetes())
                .isEqualTo(new ClusterOptions.KubernetesDiscovery("prod", "m"));
    }

    @Test
    void aWildcardHostAloneAdvertisesLoopback() {
        assertThat(resolve(false, "--host", "0.0.0.0").clusterHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void everyClusterFlagReadsItsEnvironmentVariable() {
        Map<String, String> declared = new java.util.HashMap<>();
        for (java.lang.reflect.Field f : ClusterFlags.class.getDeclaredFields()) {
            Option option = f.getAnnotation(Option.class);
            if (option != null) {
                declared.put(option.names()[0], option.defaultValue());
            }
        }
        assertThat(declared).containsExactlyInAnyOrderEntriesOf(Map.of(
                "--cluster-port", "${env:CAIRN_CLUSTER_PORT:-5701}",
                "--cluster-host", "${env:CAIRN_CLUSTER_HOST}",
                "--seeds", "${env:CAIRN_SEEDS}",
                "--cluster-name", "${env:CAIRN_CLUSTER_NAME:-cairn}",
                "--replicas", "${env:CAIRN_REPLICAS}",
                "--quorum", "${env:CAIRN_QUORUM}",
                "--kubernetes-service", "${env:CAIRN_KUBERNETES_SERVICE}",
                "--kubernetes-namespace", "${env:CAIRN_KUBERNETES_NAMESPACE}"));
        // And node takes them: the mixin is part of the command.
        assertThat(Cli.parse(NodeCommand.class, "node").command().spec.findOption("--kubernetes-service")).isNotNull();
    }

    @Test
    void environmentVariablesWorkInARealProcess() throws Exception {
        Map<String, String> s3 = Map.of("CAIRN_S3_ENDPOINT", "http://127.0.0.1:9", "CAIRN_S3_BUCKET", "cairn",
                "CAIRN_S3_ACCESS_KEY", "k", "CAIRN_S3_SECRET_KEY", "s", "CAIRN_DATA", data.toString());
        Cli.Result badSeed = runProcess(with(s3, "CAIRN_SEEDS", "127.0.0.1:5701,not-a-seed"));
        assertThat(badSeed.exit()).isEqualTo(2);
        assertThat(badSeed.err()).contains("seed 'not-a-seed' is not host:port");

        Cli.Result quorum = runProcess(with(with(s3, "CAIRN_REPLICAS", "2"), "CAIRN_QUORUM", "3"));
        assertThat(quorum.exit()).isEqualTo(2);
        assertThat(quorum.err()).contains("--quorum must be 0..2");

        Cli.Result k8sWithoutS3 = runProcess(Map.of("CAIRN_DATA", data.toString(), "CAIRN_KUBERNETES_SERVICE", "cairn"));
        assertThat(k8sWithoutS3.exit()).isEqualTo(2);
        assertThat(k8sWithoutS3.err()).contains("needs object storage").contains("--kubernetes-service");
    }

    @Test
    void seedsWithoutObjectStorageAreRefused() {
        Cli.Result r = node("--seeds", "127.0.0.1:5701,127.0.0.1:5702");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("a cluster of several nodes needs object storage")
                .contains("--s3-endpoint").contains("drop --seeds");
    }

    @Test
    void badInputGetsClearUsageErrors() {
        assertError(nodeWithS3("--seeds", "nohost"), "seed 'nohost' is not host:port (e.g. 127.0.0.1:5701)");
        assertError(nodeWithS3("--seeds", "h:70000"), "seed 'h:70000' has no valid port (1..65535)");
        assertError(nodeWithS3("--cluster-port", "70000"), "--cluster-port must be 0..65535");
        assertError(node("--cluster-port", "many"), "--cluster-port");
        assertError(nodeWithS3("--replicas", "5", "--quorum", "6"), "--quorum must be 0..5 (at most --replicas), got 6");
        assertError(node("--replicas", "3"), "--replicas 3 needs object storage");
        assertError(node("--replicas", "-1"), "--replicas must be 0 or more");
        assertError(node("--replicas", "2", "--quorum", "0"), "--quorum must be a majority of --replicas: with --replicas 2 use --quorum 2..2, got 0");
        assertError(nodeWithS3("--replicas", "4", "--quorum", "2"), "--quorum must be a majority of --replicas: with --replicas 4 use --quorum 3..4, got 2");
        assertError(node("--kubernetes-namespace", "prod"), "--kubernetes-namespace (CAIRN_KUBERNETES_NAMESPACE) needs --kubernetes-service");
        assertError(nodeWithS3("--seeds", "a:1", "--kubernetes-service", "s"), "either --seeds (CAIRN_SEEDS) or --kubernetes-service");
        assertError(nodeWithS3("--host", "0.0.0.0", "--seeds", "10.0.0.1:5701"), "give --cluster-host (CAIRN_CLUSTER_HOST)");
        assertError(node("--http-port", "9000", "--cluster-port", "9000"), "--cluster-port and --http-port are both 9000");
    }

    @Test
    void aTakenClusterPortIsNamedWithItsFlag() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Cli.Result r = node("--http-port", "0", "--cluster-port", Integer.toString(taken.getLocalPort()));
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).contains("cannot use cluster port 127.0.0.1:" + taken.getLocalPort() + ": it is already in use")
                    .contains("--cluster-port (CAIRN_CLUSTER_PORT)");
        }
    }

    private static void assertError(Cli.Result r, String message) {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message);
    }

    private static Map<String, String> with(Map<String, String> env, String key, String value) {
        Map<String, String> out = new java.util.HashMap<>(env);
        out.put(key, value);
        return out;
    }

    /** {@code cairn node} in a child JVM with exactly {@code env} added to a clean environment. */
    private static Cli.Result runProcess(Map<String, String> env) throws Exception {
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, CairnCli.class.getName(), "node", "--http-port", "0", "--cluster-port", "0");
        pb.environment().keySet().removeIf(k -> k.startsWith("CAIRN_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        var out = p.getInputStream().readAllBytes();
        var err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Cli.Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }
}
