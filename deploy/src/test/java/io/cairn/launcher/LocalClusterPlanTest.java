package io.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code cairn local-cluster}'s layout: ports, directories, each node's command line and environment, and bad input. */
class LocalClusterPlanTest {

    private final Path work = Path.of("/tmp/work");

    @Test
    void defaultsLayOutThreeNodesFromTheBasePorts() {
        LocalClusterPlan plan = LocalClusterPlan.of(3, 8787, 5701, 0, work);
        assertThat(plan.nodes()).extracting(LocalClusterPlan.Member::name).containsExactly("node-1", "node-2", "node-3");
        assertThat(plan.nodes()).extracting(LocalClusterPlan.Member::httpPort).containsExactly(8787, 8788, 8789);
        assertThat(plan.nodes()).extracting(LocalClusterPlan.Member::clusterPort).containsExactly(5701, 5703, 5705);
        assertThat(plan.nodes()).extracting(LocalClusterPlan.Member::dataDir).containsExactly(
                work.resolve(".cairn/cluster/node-1"), work.resolve(".cairn/cluster/node-2"), work.resolve(".cairn/cluster/node-3"));
        assertThat(plan.nodes().get(1).url()).isEqualTo("http://127.0.0.1:8788");
        assertThat(plan.s3Dir()).isEqualTo(work.resolve(".cairn/cluster/s3"));
        assertThat(plan.tokenFile()).isEqualTo(work.resolve(".cairn/admin-token"));
        assertThat(plan.seeds()).isEqualTo("127.0.0.1:5701,127.0.0.1:5703,127.0.0.1:5705");
        // A free S3 port is not checked up front; fixed ones are.
        // Each node's replica server takes the port after its member port (the router's default).
        assertThat(plan.fixedPorts().keySet()).containsExactly(8787, 8788, 8789, 5701, 5702, 5703, 5704, 5705, 5706);
        assertThat(LocalClusterPlan.of(1, 8787, 5701, 9000, work).fixedPorts())
                .containsEntry(9000, "the embedded S3 store's port (--s3-port)")
                .containsEntry(8787, "the HTTP port of node-1 (--base-port)");
    }

    @Test
    void eachNodeRunsTheNodeCommandWithItsPortsEverySeedAndItsDataDir() {
        LocalClusterPlan plan = LocalClusterPlan.of(2, 9100, 5801, 0, work);
        assertThat(plan.nodeArgs(plan.nodes().get(1))).containsExactly("node", "--host", "127.0.0.1", "--http-port", "9101",
                "--cluster-host", "127.0.0.1", "--cluster-port", "5803", "--seeds", "127.0.0.1:5801,127.0.0.1:5803",
                "--replicas", "1", "--quorum", "1",
                "--data", work.resolve(".cairn/cluster/node-2").toString());
    }

    @Test
    void replicationUsesTheOtherNodesUpToTheNodeDefaultWithAMajorityQuorum() {
        int[][] expected = {{1, 0, 0}, {2, 1, 1}, {3, 2, 2}, {4, 3, 2}, {5, 4, 3}, {6, 5, 3}, {9, 5, 3}};
        for (int[] e : expected) {
            LocalClusterPlan plan = LocalClusterPlan.of(e[0], 8787, 5701, 0, work);
            assertThat(new int[] {plan.replicas(), plan.quorum()}).as(e[0] + " nodes").containsExactly(e[1], e[2]);
        }
    }

    @Test
    void nodesGetTheTokenAndS3SettingsButNoStrayCairnVariables() {
        Map<String, String> env = LocalClusterPlan.environment(Map.of("PATH", "/bin", "CAIRN_KUBERNETES_SERVICE", "x",
                "CAIRN_REPLICAS", "9", "CAIRN_S3_BUCKET", "other"), "t0ken-t0ken-t0ken", "http://127.0.0.1:1234", "ak", "sk");
        assertThat(env).containsExactlyInAnyOrderEntriesOf(Map.of("PATH", "/bin", "CAIRN_ADMIN_TOKEN", "t0ken-t0ken-t0ken",
                "CAIRN_S3_ENDPOINT", "http://127.0.0.1:1234", "CAIRN_S3_BUCKET", "cairn-cluster",
                "CAIRN_S3_ACCESS_KEY", "ak", "CAIRN_S3_SECRET_KEY", "sk"));
    }

    @Test
    void badCountsRangesAndOverlapsNameTheFlag() {
        assertThatThrownBy(() -> LocalClusterPlan.of(0, 8787, 5701, 0, work)).hasMessage("--nodes must be 1..9, got 0");
        assertThatThrownBy(() -> LocalClusterPlan.of(10, 8787, 5701, 0, work)).hasMessage("--nodes must be 1..9, got 10");
        assertThatThrownBy(() -> LocalClusterPlan.of(3, 65534, 5701, 0, work))
                .hasMessage("--base-port must be 1..65533 (room for 3 ports up to 65535), got 65534");
        assertThatThrownBy(() -> LocalClusterPlan.of(1, 0, 5701, 0, work)).hasMessageStartingWith("--base-port must be 1..65535");
        assertThatThrownBy(() -> LocalClusterPlan.of(3, 8787, -1, 0, work)).hasMessageStartingWith("--cluster-base-port must be");
        assertThatThrownBy(() -> LocalClusterPlan.of(3, 8787, 5701, 70000, work)).hasMessageStartingWith("--s3-port must be 0..65535");
        assertThatThrownBy(() -> LocalClusterPlan.of(3, 8787, 65531, 0, work))
                .hasMessage("--cluster-base-port must be 1..65530 (room for 6 ports up to 65535), got 65531");
        assertThatThrownBy(() -> LocalClusterPlan.of(3, 5700, 5701, 0, work))
                .hasMessage("port 5701 would serve both --base-port (HTTP of node-2) and --cluster-base-port (member port of node-1);"
                        + " move one range with --base-port, --cluster-base-port or --s3-port");
        assertThatThrownBy(() -> LocalClusterPlan.of(3, 8787, 5701, 8789, work)).hasMessageContaining("port 8789 would serve both");
    }

    @Test
    void theCommandTurnsBadPlansIntoUsageErrors() {
        Cli.Result tooMany = Cli.run("local-cluster", "--nodes", "12");
        assertThat(tooMany.exit()).isEqualTo(2);
        assertThat(tooMany.err()).contains("--nodes must be 1..9, got 12").contains("Usage: cairn local-cluster");
        Cli.Result overlap = Cli.run("local-cluster", "--base-port", "5700");
        assertThat(overlap.exit()).isEqualTo(2);
        assertThat(overlap.err()).contains("port 5701 would serve both");
        assertThat(Cli.run("local-cluster", "--ready-timeout", "0").err()).contains("--ready-timeout must be 1 or more");
    }

    @Test
    void childJvmsKeepTheLauncherFlagsButNoAgentsAndNameTheSupervisor() {
        List<String> inherited = ChildJvm.inherited(List.of("--enable-native-access=ALL-UNNAMED", "-Dcairn.home=/repo",
                "-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-javaagent:/x/jacoco.jar", "-Xmx1g",
                "-Dcairn.supervisor.pid=1", "-Djava.class.path=/old"));
        assertThat(inherited).containsExactly("--enable-native-access=ALL-UNNAMED", "-Dcairn.home=/repo", "-Xmx1g");
        ChildJvm jvm = new ChildJvm(Path.of("/jdk/bin/java"), inherited, "/lib/*:/app.jar");
        assertThat(jvm.command(42, List.of("node", "--data", "d"))).containsExactly("/jdk/bin/java",
                "--enable-native-access=ALL-UNNAMED", "-Dcairn.home=/repo", "-Xmx1g", "-Dcairn.supervisor.pid=42", "-cp",
                "/lib/*:/app.jar", "io.cairn.launcher.CairnCli", "node", "--data", "d");
        assertThat(ChildJvm.current().java()).isExecutable();
    }
}
