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

/** {@code cairn dev} against a real node and embedded S3 server: token file, sample-app deployment, counter, backups, restart. */
class DevSessionTest {

    @TempDir
    Path work;

    @TempDir
    Path repo;

    private DevSession.Settings settings(Path home) {
        return new DevSession.Settings(work, home, 0, 0, TestPaths.s3proxyLib());
    }

    /** Where dev's embedded S3 server keeps the counter objects' history (filesystem backend: one directory per bucket). */
    private Path counterHistory() {
        return work.resolve(".cairn/s3").resolve(DevSession.BUCKET).resolve("objects/counter");
    }

    @Test
    void startsWithTokenFileDeploysCounterAndKeepsBothAcrossRestart() throws Exception {
        Path home = TestPaths.homeWithCounter(repo);
        Path tokenFile = work.resolve(".cairn/admin-token");
        String token;
        URI counter;
        io.cairn.relay.store.EmbeddedS3 s3;

        StringWriter banner = new StringWriter();
        try (DevSession dev = DevSession.start(settings(home), new PrintWriter(banner))) {
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
                    .contains("S3 endpoint:  " + dev.s3().endpoint() + " (embedded; bucket cairn-dev")
                    .contains("S3 data:      " + work.resolve(".cairn/s3"))
                    .contains(" restore counter/hello --bookmark B")
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
            assertThat(dev.s3().isRunning()).isTrue();
            s3 = dev.s3();
        }
        // Closing stopped the node first, whose last writes reached the bucket, then the S3 server.
        assertThat(s3.isRunning()).isFalse();
        assertThat(counterHistory()).isDirectory();

        // Second start in the same directory: same token, counter not redeployed, state kept.
        StringWriter banner2 = new StringWriter();
        try (DevSession dev = DevSession.start(settings(home), new PrintWriter(banner2))) {
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
    void anS3ServerKilledBeforeShutdownIsBroughtBackSoTheLastWritesStillShip() throws Exception {
        Path home = TestPaths.homeWithCounter(repo);
        try (DevSession dev = DevSession.start(settings(home), new PrintWriter(new StringWriter()))) {
            assertThat(Http.post(URI.create(dev.baseUri() + "/objects/counter/late/increment")).statusCode()).isEqualTo(200);
            // What Ctrl-C in a terminal does: the signal reaches the S3 child too, and it exits.
            dev.s3().stop();
            assertThat(dev.s3().isRunning()).isFalse();
        }
        assertThat(counterHistory()).isDirectory();
        try (var objects = Files.walk(counterHistory())) {
            assertThat(objects.map(p -> p.getFileName().toString())).anyMatch(n -> n.endsWith(".seg.zst"));
        }
    }

    @Test
    void withoutHomeStartsWithNoAppsSaysWhyAndRestartsAStoppedS3Server() throws Exception {
        StringWriter banner = new StringWriter();
        try (DevSession dev = DevSession.start(settings(null), new PrintWriter(banner))) {
            assertThat(dev.outcomes()).isEmpty();
            assertThat(banner.toString()).contains("No sample apps deployed: cairn.home is not set");

            StringWriter err = new StringWriter();
            dev.keepS3Running(new PrintWriter(err));
            assertThat(err.toString()).isEmpty();
            dev.s3().stop();
            dev.keepS3Running(new PrintWriter(err));
            assertThat(dev.s3().isRunning()).isTrue();
            assertThat(err.toString()).contains("stopped unexpectedly; restarting it").contains("is back at " + dev.s3().endpoint());
        }
    }

    @Test
    void aBrokenSampleAppIsReportedAndTheRestStillDeploy() throws Exception {
        Path home = TestPaths.homeWithCounter(repo);
        Path broken = Files.createDirectories(repo.resolve("sample-apps/broken/target")).resolve("broken.jar");
        JarFiles.write(broken, "META-INF/cairn.json", "{\"app\":\"broken\",\"namespaces\":{\"broken\":{\"class\":\"no.such.Klass\"}}}");

        StringWriter banner = new StringWriter();
        try (DevSession dev = DevSession.start(settings(home), new PrintWriter(banner))) {
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
        try (DevSession dev = DevSession.start(settings(home), new PrintWriter(banner))) {
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
        try (DevSession dev = DevSession.start(settings(home), new PrintWriter(banner2))) {
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
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DevSession.start(new DevSession.Settings(work, null, 0, 0, Path.of("unused")), new PrintWriter(new StringWriter())))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("admin-token")
                .hasMessageContaining("delete the file");
    }
}
