package io.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairn.runtime.CairnNode;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn node} without object storage: it runs as a cluster of one, and says loudly what is off. */
class NodeCommandTest {

    @TempDir
    Path data;

    @Test
    void withoutS3FlagsTheNodeRunsAndWarnsThatRestoreAndRecoveryAreOff() throws Exception {
        assumeTrue(System.getenv().keySet().stream().noneMatch(k -> k.startsWith("CAIRN_S3_")), "CAIRN_S3_* is set in this environment");
        Cli.Parsed<NodeCommand> parsed = Cli.parse(NodeCommand.class, "node", "--data", data.toString(), "--http-port", "0",
                "--cluster-port", "0");
        try (CairnNode node = parsed.command().start()) {
            assertThat(parsed.out().toString()).contains("cairn node listening on " + node.baseUri())
                    .contains("admin token (generated").doesNotContain("object storage:")
                    .contains("cluster 'cairn', member port 127.0.0.1:(free port), no seeds: a cluster of one");
            assertThat(parsed.err().toString())
                    .contains("WARNING: no object storage: point-in-time restore, export and disaster recovery are OFF")
                    .contains(data.toString())
                    .contains("--s3-endpoint").contains("cairn s3-dev");
            // No relay, so no backup routes: the admin API says so rather than pretending.
            Cli.Result restore = Cli.run("restore", "counter/x", "--bookmark", "0000000000000001",
                    "--url", node.baseUri().toString(), "--token", node.adminToken());
            assertThat(restore.exit()).isEqualTo(1);
            assertThat(Http.get(URI.create(node.baseUri() + "/healthz")).statusCode()).isEqualTo(200);
        }
    }
}
