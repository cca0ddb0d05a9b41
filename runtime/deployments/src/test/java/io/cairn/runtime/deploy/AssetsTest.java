package io.cairn.runtime.deploy;

import io.cairn.runtime.deploy.testing.TestJars;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static io.cairn.runtime.deploy.TestContexts.INSTANTIATE;
import static org.assertj.core.api.Assertions.assertThat;

class AssetsTest extends StoreTestSupport {

    private static final String ROOM = "com.example.Room";

    private static byte[] rooms(String version, boolean withAssets) {
        TestJars.Builder b = TestJars.builder().source(ROOM, TestJars.respondingObject(ROOM, version));
        if (withAssets) {
            b.manifest("{\"app\":\"rooms\",\"namespaces\":{\"rooms\":{\"class\":\"" + ROOM + "\"}},\"assets\":\"public\"}")
                    .file("public/index.html", "<h1>" + version + "</h1>")
                    .file("public/js/app.js", "console.log('" + version + "')")
                    .file("public/js/", new byte[0])
                    .file("secret.txt", "not an asset");
        } else {
            b.manifest(TestJars.manifest("rooms", java.util.Map.of("rooms", ROOM)));
        }
        return b.build();
    }

    private String asset(String path) {
        Optional<byte[]> bytes = store.asset("rooms", path);
        return bytes.map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
    }

    @BeforeEach
    void deployWithAssets() throws Exception {
        store.deploy(rooms("v1", true), INSTANTIATE);
    }

    @Test
    void servesFilesOfTheAssetsDirectory() {
        assertThat(asset("index.html")).isEqualTo("<h1>v1</h1>");
        assertThat(asset("js/app.js")).isEqualTo("console.log('v1')");
    }

    @Test
    void directoriesMeanTheirIndexPage() {
        assertThat(asset("")).isEqualTo("<h1>v1</h1>");
        assertThat(asset("js/")).isNull(); // no js/index.html
        assertThat(asset("js")).isNull();  // a directory entry is not a file
    }

    @Test
    void unknownFilesAndAppsAreEmpty() {
        assertThat(asset("nope.css")).isNull();
        assertThat(store.asset("other", "index.html")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../secret.txt", "js/../../secret.txt", "/index.html", "/etc/passwd", "js\\app.js",
            "./index.html", "js//app.js", "js/./app.js", "..", "index.html\u0000", "../META-INF/cairn.json",
            "../com/example/Room.class"})
    void refusesPathsThatCouldEscapeOrAlias(String path) {
        assertThat(store.asset("rooms", path)).isEmpty();
        assertThat(AssetSource.normalize(path)).isEmpty();
    }

    @Test
    void normalizesDirectoryPaths() {
        assertThat(AssetSource.normalize("")).contains("index.html");
        assertThat(AssetSource.normalize("docs/")).contains("docs/index.html");
        assertThat(AssetSource.normalize("a/b.css")).contains("a/b.css");
        assertThat(AssetSource.normalize(null)).isEmpty();
    }

    @Test
    void assetsFollowTheAppsLatestDeployment() throws Exception {
        store.deploy(rooms("v2", true), INSTANTIATE);
        assertThat(asset("index.html")).isEqualTo("<h1>v2</h1>");
        store.deploy(rooms("v3", false), INSTANTIATE);
        assertThat(asset("index.html")).isNull();
    }

    @Test
    void anotherAppsDeploymentDoesNotTouchThem() throws Exception {
        store.deploy(app("counter", "counter", "com.example.Counter", "count"), INSTANTIATE);
        assertThat(asset("index.html")).isEqualTo("<h1>v1</h1>");
    }
}
