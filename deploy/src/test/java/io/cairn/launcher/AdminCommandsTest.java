package io.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.runtime.CairnNode;
import io.cairn.runtime.NodeOptions;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy, deployments and objects against a real node on a free port. */
class AdminCommandsTest {

    private static final String TOKEN = "test-token-" + "0123456789abcdef";

    @TempDir
    static Path data;

    private static CairnNode node;
    private static String url;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startNode() throws Exception {
        node = CairnNode.start(NodeOptions.builder().httpPort(0).dataDir(data).adminToken(TOKEN).build());
        url = node.baseUri().toString();
        Cli.Result deployed = Cli.run("deploy", TestPaths.counterJar().toString(), "--url", url, "--token", TOKEN);
        assertThat(deployed.exit()).as(deployed.err()).isZero();
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void deployPrintsAppVersionAndNamespaces() throws Exception {
        Cli.Result r = Cli.run("deploy", TestPaths.counterJar().toString(), "--url", url, "--token", TOKEN);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("deployed counter version \\d+ \\(\\S+\\)")
                .contains("namespaces: counter")
                .containsPattern("sha256: +[0-9a-f]{64}");
    }

    @Test
    void deploymentsListsTheCounterAsTableOrJson() throws Exception {
        Cli.Result table = Cli.run("deployments", "--url", url, "--token", TOKEN);
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out()).startsWith("APP").contains("counter");

        Cli.Result json = Cli.run("deployments", "--url", url, "--token", TOKEN, "--json");
        assertThat(json.exit()).isZero();
        JsonNode parsed = AdminClient.JSON.readTree(json.out());
        assertThat(parsed.path("deployments").findValuesAsText("app")).contains("counter");
    }

    @Test
    void deployOfANonJarExits1WithTheServersMessage() throws Exception {
        Path notAJar = Files.writeString(tmp.resolve("notes.txt"), "this is not a jar");
        // What the server says about these bytes, asked directly.
        String serverMessage = AdminClient.JSON.readTree(Http.send(HttpRequest.newBuilder(URI.create(url + "/admin/v1/deployments"))
                        .header("Authorization", "Bearer " + TOKEN)
                        .header("content-type", "application/java-archive")
                        .POST(HttpRequest.BodyPublishers.ofFile(notAJar))).body())
                .path("error").path("message").asText();
        assertThat(serverMessage).isNotBlank();

        Cli.Result r = Cli.run("deploy", notAJar.toString(), "--url", url, "--token", TOKEN);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("cairn: ").contains(serverMessage);
        assertThat(r.out()).isEmpty();
    }

    @Test
    void deployOfAMissingFileSaysSo() {
        Cli.Result r = Cli.run("deploy", tmp.resolve("nope.jar").toString(), "--url", url, "--token", TOKEN);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("no such file").contains("nope.jar");
    }

    @Test
    void objectsListsNamesFiltersByPrefixAndPages() throws Exception {
        for (String name : new String[] {"list-a1", "list-a2", "list-b1"}) {
            assertThat(Http.post(URI.create(url + "/objects/counter/" + name + "/increment")).statusCode()).isEqualTo(200);
        }
        Cli.Result all = Cli.run("objects", "counter", "--prefix", "list-", "--url", url, "--token", TOKEN);
        assertThat(all.exit()).as(all.err()).isZero();
        assertThat(all.out().lines()).containsExactly("list-a1", "list-a2", "list-b1");

        Cli.Result a = Cli.run("objects", "counter", "--prefix", "list-a", "--url", url, "--token", TOKEN);
        assertThat(a.out().lines()).containsExactly("list-a1", "list-a2");

        Cli.Result page = Cli.run("objects", "counter", "--prefix", "list-", "--limit", "1", "--url", url, "--token", TOKEN);
        assertThat(page.exit()).isZero();
        assertThat(page.out().lines()).containsExactly("list-a1");
        assertThat(page.err()).contains("more: cairn objects counter --after ");

        Cli.Result next = Cli.run("objects", "counter", "--prefix", "list-", "--after", "list-a1", "--url", url, "--token", TOKEN);
        assertThat(next.out().lines()).containsExactly("list-a2", "list-b1");
    }

    @Test
    void aWrongTokenExits1WithAHint() {
        Cli.Result r = Cli.run("deployments", "--url", url, "--token", "wrong-token-wrong-token");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("cairn: ").contains("CAIRN_TOKEN");
    }

    @Test
    void anUnreachableNodeExits1NamingTheUrl() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String dead = "http://127.0.0.1:" + closedPort;
        Cli.Result r = Cli.run("deployments", "--url", dead, "--token", TOKEN);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("cannot reach Cairn at " + dead).contains("cairn dev");
    }

    @Test
    void theDevTokenFileIsUsedWhenNoTokenIsGiven() throws Exception {
        Files.createDirectories(tmp.resolve(".cairn"));
        Files.writeString(tmp.resolve(".cairn/admin-token"), TOKEN + "\n");
        AdminOptions options = new AdminOptions();
        assertThat(options.resolveToken(tmp)).isEqualTo(TOKEN);
        options.token = "explicit-token-1234";
        assertThat(options.resolveToken(tmp)).isEqualTo("explicit-token-1234");
        assertThat(new AdminOptions().resolveToken(tmp.resolve("elsewhere"))).isNull();
    }
}
