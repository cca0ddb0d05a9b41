package io.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn dev} against a real node: token file, sample-app deployment, counter, restart. */
class DevSessionTest {

    @TempDir
    Path work;

    @TempDir
    Path repo;

    @Test
    void startsWithTokenFileDeploysCounterAndKeepsBothAcrossRestart() throws Exception {
        Path home = TestPaths.homeWithCounter(repo);
        Path tokenFile = work.resolve(".cairn/admin-token");
        String token;
        URI counter;

        StringWriter banner = new StringWriter();
        try (DevSession dev = DevSession.start(work, home, 0, new PrintWriter(banner))) {
            token = dev.token();
            assertThat(dev.baseUri().getPort()).isPositive();

            // The token printed is the token in the file, and the file is the owner's alone.
            assertThat(tokenFile).isRegularFile();
            assertThat(Files.readString(tokenFile).strip()).isEqualTo(token);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
            assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
            assertThat(banner.toString())
                    .contains(dev.baseUri().toString())
                    .contains("admin token:  " + token)
                    .contains(tokenFile.toAbsolutePath().normalize().toString())
                    .contains("curl -X POST " + dev.baseUri() + "/objects/counter/hello/increment")
                    .contains("counter    deployed, version")
                    // dev runs outside the repository here, so the printed launcher path is absolute.
                    .contains(home.resolve("deploy/bin/cairn") + " objects counter");

            assertThat(dev.outcomes()).singleElement().satisfies(o -> {
                assertThat(o.app()).isEqualTo("counter");
                assertThat(o.result()).isEqualTo(SampleAppDeployer.Result.DEPLOYED);
            });
            JsonNode deployments = AdminClient.JSON.readTree(Http.send(HttpRequest.newBuilder(
                    dev.baseUri().resolve("/admin/v1/deployments")).header("Authorization", "Bearer " + token)).body());
            assertThat(deployments.path("deployments").findValuesAsText("app")).containsExactly("counter");

            counter = URI.create(dev.baseUri() + "/objects/counter/x");
            assertThat(Http.post(URI.create(counter + "/increment")).body()).isEqualTo("{\"value\":1}");
            HttpResponse<String> second = Http.post(URI.create(counter + "/increment"));
            assertThat(second.statusCode()).isEqualTo(200);
            assertThat(second.body()).isEqualTo("{\"value\":2}");
        }

        // Second start in the same directory: same token, counter not redeployed, state kept.
        StringWriter banner2 = new StringWriter();
        try (DevSession dev = DevSession.start(work, home, 0, new PrintWriter(banner2))) {
            assertThat(dev.token()).isEqualTo(token);
            assertThat(dev.outcomes()).singleElement().satisfies(o -> {
                assertThat(o.result()).isEqualTo(SampleAppDeployer.Result.UNCHANGED);
                assertThat(o.version()).isPositive();
            });
            assertThat(banner2.toString()).contains("counter    unchanged");
            assertThat(Http.get(URI.create(dev.baseUri() + "/objects/counter/x")).body()).isEqualTo("{\"value\":2}");
        }
    }

    @Test
    void withoutHomeStartsWithNoAppsAndSaysWhy() throws Exception {
        StringWriter banner = new StringWriter();
        try (DevSession dev = DevSession.start(work, null, 0, new PrintWriter(banner))) {
            assertThat(dev.outcomes()).isEmpty();
            assertThat(banner.toString()).contains("No sample apps deployed: cairn.home is not set");
        }
    }

    @Test
    void aBrokenSampleAppIsReportedAndTheRestStillDeploy() throws Exception {
        Path home = TestPaths.homeWithCounter(repo);
        Path broken = Files.createDirectories(repo.resolve("sample-apps/broken/target")).resolve("broken.jar");
        JarFiles.write(broken, "META-INF/cairn.json", "{\"app\":\"broken\",\"namespaces\":{\"broken\":{\"class\":\"no.such.Klass\"}}}");

        StringWriter banner = new StringWriter();
        try (DevSession dev = DevSession.start(work, home, 0, new PrintWriter(banner))) {
            assertThat(dev.outcomes()).extracting(SampleAppDeployer.Outcome::app, SampleAppDeployer.Outcome::result)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("broken", SampleAppDeployer.Result.FAILED),
                            org.assertj.core.groups.Tuple.tuple("counter", SampleAppDeployer.Result.DEPLOYED));
            assertThat(banner.toString()).contains("broken     NOT deployed from " + broken);
            assertThat(Http.post(URI.create(dev.baseUri() + "/objects/counter/y/increment")).body())
                    .isEqualTo("{\"value\":1}");
        }
    }

    @Test
    void anAlternateJarIsOfferedNotDeployedAndKeptOnceDeployedByHand() throws Exception {
        Path home = TestPaths.homeWithCounter(repo);
        Path v2 = Files.createDirectories(repo.resolve("sample-apps/counter-v2/target")).resolve("counter-v2.jar");
        JarFiles.copyWithExtraEntry(TestPaths.counterJar(), v2, "release-notes.txt", "version 2");

        StringWriter banner = new StringWriter();
        try (DevSession dev = DevSession.start(work, home, 0, new PrintWriter(banner))) {
            assertThat(dev.outcomes()).singleElement().satisfies(o -> {
                assertThat(o.result()).isEqualTo(SampleAppDeployer.Result.DEPLOYED);
                assertThat(o.jar()).isEqualTo(home.resolve("sample-apps/counter/target/counter.jar"));
                assertThat(o.alternates()).containsExactly(v2);
            });
            assertThat(banner.toString()).contains("also built: sample-apps/counter-v2/target/counter-v2.jar");
            Cli.Result byHand = Cli.run("deploy", v2.toString(), "--url", dev.baseUri().toString(), "--token", dev.token());
            assertThat(byHand.exit()).as(byHand.err()).isZero();
        }

        StringWriter banner2 = new StringWriter();
        try (DevSession dev = DevSession.start(work, home, 0, new PrintWriter(banner2))) {
            assertThat(dev.outcomes()).singleElement().satisfies(o -> {
                assertThat(o.result()).isEqualTo(SampleAppDeployer.Result.KEPT);
                assertThat(o.jar()).isEqualTo(v2);
            });
            assertThat(banner2.toString()).contains("deployed by hand from sample-apps/counter-v2/target/counter-v2.jar");
        }
    }

    @Test
    void anUnusableTokenFileIsRefusedWithAFix() throws Exception {
        Files.createDirectories(work.resolve(".cairn"));
        Files.writeString(work.resolve(".cairn/admin-token"), "short\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DevSession.start(work, null, 0, new PrintWriter(new StringWriter())))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("admin-token")
                .hasMessageContaining("delete the file");
    }
}
