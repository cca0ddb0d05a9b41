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
        assertThat(r.out()).contains("dev").contains("node").contains("objects").contains("test [MAVEN ARGS...]");
    }
}
