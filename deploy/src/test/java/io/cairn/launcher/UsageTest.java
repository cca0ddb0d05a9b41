package io.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** Bad command lines are usage errors: exit 2 with picocli's message, before anything runs. */
class UsageTest {

    @Test
    void unknownFlagIsAUsageError() {
        Cli.Result r = Cli.run("deployments", "--bogus");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Unknown option: '--bogus'").contains("Usage: cairn deployments");
    }

    @Test
    void missingAndMalformedArgumentsAreUsageErrors() {
        assertThat(Cli.run("objects").exit()).isEqualTo(2);
        assertThat(Cli.run("objects", "counter", "--limit", "many").exit()).isEqualTo(2);
        assertThat(Cli.run("objects", "counter", "--limit", "0").err()).contains("--limit must be 1 or more");
        assertThat(Cli.run("deploy").exit()).isEqualTo(2);
        assertThat(Cli.run("dev", "--port", "eighty").exit()).isEqualTo(2);
        assertThat(Cli.run("frobnicate").exit()).isEqualTo(2);
    }

    @Test
    void noCommandIsAUsageErrorListingTheCommands() {
        Cli.Result r = Cli.run();
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Missing command").contains("dev").contains("deployments");
    }

    @Test
    void nodeNeedsDataAndValidSettings() {
        assumeTrue(System.getenv("CAIRN_DATA") == null, "CAIRN_DATA is set in this environment");
        Cli.Result noData = Cli.run("node");
        assertThat(noData.exit()).isEqualTo(2);
        assertThat(noData.err()).contains("--data").contains("CAIRN_DATA");

        Cli.Result badPort = Cli.run("node", "--data", "/tmp/unused", "--http-port", "70000");
        assertThat(badPort.exit()).isEqualTo(2);
        assertThat(badPort.err()).contains("70000");

        Cli.Result shortToken = Cli.run("node", "--data", "/tmp/unused", "--admin-token", "short");
        assertThat(shortToken.exit()).isEqualTo(2);
        assertThat(shortToken.err()).contains("too short");
    }

    @Test
    void restoreNeedsExactlyOneTargetAndAWellFormedObjectAndTime() {
        Cli.Result none = Cli.run("restore", "counter/hello");
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("Missing required argument").contains("--at=TIME").contains("--bookmark=B");

        Cli.Result both = Cli.run("restore", "counter/hello", "--at", "2026-01-01T00:00:00Z", "--bookmark", "0000000000000001");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");

        Cli.Result badTime = Cli.run("restore", "counter/hello", "--at", "yesterday");
        assertThat(badTime.exit()).isEqualTo(2);
        assertThat(badTime.err()).contains("Invalid --at 'yesterday'").contains("RFC 3339").contains("2026-11-27T10:00:00Z");

        Cli.Result noZone = Cli.run("restore", "counter/hello", "--at", "2026-01-01T00:00:00");
        assertThat(noZone.exit()).isEqualTo(2);
        assertThat(noZone.err()).contains("with a zone");

        Cli.Result noName = Cli.run("restore", "counter", "--bookmark", "0000000000000001");
        assertThat(noName.exit()).isEqualTo(2);
        assertThat(noName.err()).contains("Expected NS/NAME").contains("counter/hello").contains("got 'counter'");

        Cli.Result badNamespace = Cli.run("restore", "Counter/x", "--bookmark", "0000000000000001");
        assertThat(badNamespace.exit()).isEqualTo(2);
        assertThat(badNamespace.err()).contains("Invalid namespace 'Counter'");

        assertThat(Cli.run("restore").exit()).isEqualTo(2);
    }

    @Test
    void bookmarkAndExportArgumentErrorsAreUsageErrors() {
        Cli.Result noAt = Cli.run("bookmark", "counter/hello");
        assertThat(noAt.exit()).isEqualTo(2);
        assertThat(noAt.err()).contains("--at=TIME");
        assertThat(Cli.run("bookmark", "counter/hello", "--at", "noon").err()).contains("Invalid --at 'noon'");

        Cli.Result noOutput = Cli.run("export", "counter/hello");
        assertThat(noOutput.exit()).isEqualTo(2);
        assertThat(noOutput.err()).contains("-o");
        Cli.Result badObject = Cli.run("export", "/hello", "-o", "x.sqlite");
        assertThat(badObject.exit()).isEqualTo(2);
        assertThat(badObject.err()).contains("Expected NS/NAME");
    }

    @Test
    void nodeWithSomeButNotAllS3FlagsNamesTheMissingOnes() {
        assumeTrue(System.getenv().keySet().stream().noneMatch(k -> k.startsWith("CAIRN_S3_")), "CAIRN_S3_* is set in this environment");
        Cli.Result half = Cli.run("node", "--data", "/tmp/unused", "--s3-endpoint", "http://127.0.0.1:9000", "--s3-bucket", "cairn");
        assertThat(half.exit()).isEqualTo(2);
        assertThat(half.err()).contains("missing: --s3-access-key (CAIRN_S3_ACCESS_KEY), --s3-secret-key (CAIRN_S3_SECRET_KEY)")
                .doesNotContain("missing: --s3-endpoint");

        Cli.Result keysOnly = Cli.run("node", "--data", "/tmp/unused", "--s3-access-key", "k", "--s3-secret-key", "s");
        assertThat(keysOnly.exit()).isEqualTo(2);
        assertThat(keysOnly.err()).contains("missing: --s3-endpoint (CAIRN_S3_ENDPOINT), --s3-bucket (CAIRN_S3_BUCKET)");

        Cli.Result badEndpoint = Cli.run("node", "--data", "/tmp/unused", "--s3-endpoint", "127.0.0.1:9000", "--s3-bucket", "cairn",
                "--s3-access-key", "k", "--s3-secret-key", "s");
        assertThat(badEndpoint.exit()).isEqualTo(2);
        assertThat(badEndpoint.err()).contains("Invalid object storage settings").contains("127.0.0.1:9000");

        Cli.Result badBucket = Cli.run("node", "--data", "/tmp/unused", "--s3-endpoint", "http://127.0.0.1:9000", "--s3-bucket", "x",
                "--s3-access-key", "k", "--s3-secret-key", "s");
        assertThat(badBucket.exit()).isEqualTo(2);
        assertThat(badBucket.err()).contains("invalid S3 bucket name 'x'");
    }

    @Test
    void badPortsForS3DevAndDevAreUsageErrors() {
        assertThat(Cli.run("s3-dev", "--port", "70000").err()).contains("--port must be 0..65535");
        assertThat(Cli.run("s3-dev", "--port", "x").exit()).isEqualTo(2);
        Cli.Result badS3Port = Cli.run("dev", "--s3-port", "-1");
        assertThat(badS3Port.exit()).isEqualTo(2);
        assertThat(badS3Port.err()).contains("--s3-port must be 0..65535");
    }

    @Test
    void badUrlIsAUsageError() {
        Cli.Result r = Cli.run("deployments", "--url", "localhost:8787");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Invalid node URL 'localhost:8787'");
    }

    @Test
    void versionNamesTheProjectAndTheJava() {
        Cli.Result r = Cli.run("--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("cairn 0.").contains("Java " + System.getProperty("java.version"));
    }

    @Test
    void helpListsTheScriptHandledCommandsToo() {
        Cli.Result r = Cli.run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("dev").contains("node").contains("objects").contains("test [MAVEN ARGS...]")
                .contains("s3-dev").contains("bookmark").contains("restore").contains("export");
    }
}
