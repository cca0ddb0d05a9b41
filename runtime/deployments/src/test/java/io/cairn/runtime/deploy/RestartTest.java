package io.cairn.runtime.deploy;

import io.cairn.runtime.deploy.testing.TestJars;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.cairn.runtime.deploy.TestContexts.INSTANTIATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What survives close + open of the same directory, and how damage and leftovers are handled. */
class RestartTest extends StoreTestSupport {

    private static final String ROOM = "com.example.Room";

    private static byte[] roomsWithAssets(String text) {
        return TestJars.builder().source(ROOM, TestJars.respondingObject(ROOM, text))
                .manifest("{\"app\":\"rooms\",\"namespaces\":{\"rooms\":{\"class\":\"" + ROOM
                        + "\",\"config\":{\"historyLimit\":\"100\"}}},\"assets\":\"public\"}")
                .file("public/index.html", "<h1>" + text + "</h1>").build();
    }

    private Path onlyJarOf(Deployment d) throws Exception {
        try (var jars = Files.list(dir.resolve("jars"))) {
            return jars.filter(p -> p.getFileName().toString().startsWith(d.id())).findFirst().orElseThrow();
        }
    }

    @Test
    void deploymentsBindingsAndAssetsAreReloaded() throws Exception {
        store.deploy(roomsWithAssets("v1"), INSTANTIATE);
        Deployment rooms = store.deploy(roomsWithAssets("v2"), INSTANTIATE);
        Deployment counter = store.deploy(app("counter", "counter", "com.example.Counter", "count"), INSTANTIATE);
        List<Deployment> before = store.list();

        reopen();

        assertThat(store.list()).isEqualTo(before);
        assertThat(store.namespaces()).containsExactlyInAnyOrder("rooms", "counter");
        LoadedNamespace ns = store.namespace("rooms").orElseThrow();
        assertThat(ns.deployment()).isEqualTo(rooms);
        assertThat(ns.config().get("historyLimit")).contains("100");
        assertThat(answer("rooms")).isEqualTo("v2");
        assertThat(answer("counter")).isEqualTo("count");
        assertThat(store.app("counter")).contains(counter);
        assertThat(store.asset("rooms", "index.html")).hasValueSatisfying(
                b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("<h1>v2</h1>"));
        // Fully superseded deployments need no class loader after a restart.
        assertThat(store.supersededWithOpenClassLoader()).isEmpty();
        // The version sequence continues.
        assertThat(store.deploy(app("rooms", "rooms", ROOM, "v3"), INSTANTIATE).version()).isEqualTo(4);
    }

    @Test
    void theLatestDeploymentNamingANamespaceBindsItAfterRestart() throws Exception {
        Map<String, String> both = new java.util.LinkedHashMap<>();
        both.put("rooms", ROOM);
        both.put("lobby", "com.example.Lobby");
        store.deploy(TestJars.builder()
                .source(ROOM, TestJars.respondingObject(ROOM, "rooms v1"))
                .source("com.example.Lobby", TestJars.respondingObject("com.example.Lobby", "lobby v1"))
                .manifest(TestJars.manifest("rooms", both)).build(), INSTANTIATE);
        store.deploy(app("rooms", "rooms", ROOM, "rooms v2"), INSTANTIATE);

        reopen();

        assertThat(answer("rooms")).isEqualTo("rooms v2");
        assertThat(answer("lobby")).isEqualTo("lobby v1");
    }

    @Test
    void leftoversOfAnInterruptedDeploymentAreRemoved() throws Exception {
        Deployment d = store.deploy(app("rooms", "rooms", ROOM, "v1"), INSTANTIATE);
        Path committed = onlyJarOf(d);
        store.close();
        // As a crash between writing the JAR and renaming the index would leave them.
        Files.write(dir.resolve("jars").resolve("dep-000002-0123456789ab-00000000.jar"), new byte[] {1});
        Files.write(dir.resolve("jars").resolve("dep-000002-0123456789ab-00000000.jar.tmp"), new byte[] {1});
        Files.write(dir.resolve("index.json.tmp"), new byte[] {1});

        store = DeploymentStore.open(dir, MAX_JAR_BYTES);

        try (var jars = Files.list(dir.resolve("jars"))) {
            assertThat(jars.toList()).containsExactly(committed);
        }
        assertThat(dir.resolve("index.json.tmp")).doesNotExist();
        assertThat(answer("rooms")).isEqualTo("v1");
        assertThat(store.deploy(app("rooms", "rooms", ROOM, "v2"), INSTANTIATE).version()).isEqualTo(2);
    }

    @Test
    void aDamagedJarLeavesItsNamespacesUnboundButTheNodeStarts() throws Exception {
        Deployment rooms = store.deploy(roomsWithAssets("v1"), INSTANTIATE);
        store.deploy(app("counter", "counter", "com.example.Counter", "count"), INSTANTIATE);
        store.close();
        Path jar = onlyJarOf(rooms);
        byte[] bytes = Files.readAllBytes(jar);
        bytes[bytes.length / 2] ^= 0x55;
        Files.write(jar, bytes);

        store = DeploymentStore.open(dir, MAX_JAR_BYTES);

        assertThat(store.list()).hasSize(2);
        assertThat(store.namespace("rooms")).isEmpty();
        assertThat(store.asset("rooms", "index.html")).isEmpty();
        assertThat(answer("counter")).isEqualTo("count");
        // Redeploying the app repairs it.
        store.deploy(roomsWithAssets("v2"), INSTANTIATE);
        assertThat(answer("rooms")).isEqualTo("v2");
    }

    @Test
    void aMissingJarLeavesItsNamespacesUnbound() throws Exception {
        Deployment rooms = store.deploy(app("rooms", "rooms", ROOM, "v1"), INSTANTIATE);
        store.close();
        Files.delete(onlyJarOf(rooms));
        store = DeploymentStore.open(dir, MAX_JAR_BYTES);
        assertThat(store.list()).containsExactly(rooms);
        assertThat(store.namespaces()).isEmpty();
    }

    @Test
    void aCorruptIndexFailsLoudly() throws Exception {
        store.deploy(app("rooms", "rooms", ROOM, "v1"), INSTANTIATE);
        store.close();
        Files.writeString(dir.resolve("index.json"), "{\"format\":1,\"deployments\":[{\"id\":\"x\"}]}");
        assertThatThrownBy(() -> DeploymentStore.open(dir, MAX_JAR_BYTES))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("corrupt deployment entry");
        // The failed open released the directory.
        Files.delete(dir.resolve("index.json"));
        store = DeploymentStore.open(dir, MAX_JAR_BYTES);
        assertThat(store.list()).isEmpty();
    }

    @Test
    void anIndexCannotPointOutsideTheStore() throws Exception {
        store.deploy(app("rooms", "rooms", ROOM, "v1"), INSTANTIATE);
        store.close();
        Path index = dir.resolve("index.json");
        String json = Files.readString(index).replaceFirst("\"jar\" : \"[^\"]+\"", "\"jar\" : \"../../etc/passwd.jar\"");
        assertThat(json).contains("../../etc/passwd.jar");
        Files.writeString(index, json);
        assertThatThrownBy(() -> DeploymentStore.open(dir, MAX_JAR_BYTES))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("bad JAR file name");
        store = DeploymentStore.open(dir.resolve("elsewhere"), MAX_JAR_BYTES);
    }

    @Test
    void oneDirectoryOneStore() {
        assertThatThrownBy(() -> DeploymentStore.open(dir, MAX_JAR_BYTES))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already open");
    }
}
