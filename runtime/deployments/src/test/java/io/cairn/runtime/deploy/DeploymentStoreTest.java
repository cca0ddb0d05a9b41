package io.cairn.runtime.deploy;

import io.cairn.runtime.deploy.testing.TestJars;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.cairn.runtime.deploy.TestContexts.INSTANTIATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentStoreTest extends StoreTestSupport {

    private static final String ROOM = "com.example.Room";

    private record Event(Deployment deployment, Set<String> namespaces, String answerAtCallback) {
    }

    @Test
    void anEmptyStore() {
        assertThat(store.list()).isEmpty();
        assertThat(store.namespaces()).isEmpty();
        assertThat(store.namespace("rooms")).isEmpty();
        assertThat(store.app("rooms")).isEmpty();
        assertThat(store.asset("rooms", "index.html")).isEmpty();
        assertThat(store.maxJarBytes()).isEqualTo(MAX_JAR_BYTES);
    }

    @Test
    void aRedeploymentRebindsTheNamespaceAndTellsListenersAfterwards() throws Exception {
        List<Event> events = new CopyOnWriteArrayList<>();
        store.addListener((d, namespaces) -> {
            try {
                events.add(new Event(d, namespaces, answer("rooms")));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });

        byte[] jar1 = app("rooms", "rooms", ROOM, "v1");
        Deployment v1 = store.deploy(jar1, INSTANTIATE);
        LoadedNamespace first = store.namespace("rooms").orElseThrow();
        Deployment v2 = store.deploy(app("rooms", "rooms", ROOM, "v2"), INSTANTIATE);
        LoadedNamespace second = store.namespace("rooms").orElseThrow();

        assertThat(v1.version()).isEqualTo(1);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v1.sha256()).isEqualTo(Deployment.sha256Hex(jar1)).hasSize(64);
        assertThat(v1.id()).isEqualTo("dep-000001-" + v1.sha256().substring(0, 12));
        assertThat(v2.id()).startsWith("dep-000002-");
        assertThat(v1.sizeBytes()).isEqualTo(jar1.length);
        assertThat(v1.app()).isEqualTo("rooms");
        assertThat(v1.namespaces()).containsOnlyKeys("rooms");
        assertThat(v1.namespaces().get("rooms").className()).isEqualTo(ROOM);
        assertThat(v2.deployedAt()).isAfterOrEqualTo(v1.deployedAt());

        assertThat(second.deployment()).isEqualTo(v2);
        assertThat(second.objectClass()).isNotSameAs(first.objectClass());
        assertThat(answer("rooms")).isEqualTo("v2");
        assertThat(store.isCurrent(second)).isTrue();
        assertThat(store.isCurrent(first)).isFalse();
        assertThat(store.list()).containsExactly(v1, v2);
        assertThat(store.app("rooms")).contains(v2);
        assertThat(store.namespaces()).containsExactly("rooms");

        // Each listener call saw its own deployment already bound.
        assertThat(events).containsExactly(new Event(v1, Set.of("rooms"), "v1"), new Event(v2, Set.of("rooms"), "v2"));
    }

    @Test
    void aDeploymentRebindsOnlyTheNamespacesItNames() throws Exception {
        Map<String, String> both = new LinkedHashMap<>();
        both.put("rooms", ROOM);
        both.put("lobby", "com.example.Lobby");
        Deployment v1 = store.deploy(TestJars.builder()
                .source(ROOM, TestJars.respondingObject(ROOM, "rooms v1"))
                .source("com.example.Lobby", TestJars.respondingObject("com.example.Lobby", "lobby v1"))
                .manifest(TestJars.manifest("rooms", both)).build(), INSTANTIATE);
        Deployment v2 = store.deploy(app("rooms", "rooms", ROOM, "rooms v2"), INSTANTIATE);

        assertThat(answer("rooms")).isEqualTo("rooms v2");
        assertThat(answer("lobby")).isEqualTo("lobby v1");
        assertThat(store.namespace("lobby").orElseThrow().deployment()).isEqualTo(v1);
        assertThat(store.namespaces()).containsExactlyInAnyOrder("rooms", "lobby");
        assertThat(store.app("rooms")).contains(v2);
        // v1 still binds lobby, so its class loader must stay open.
        assertThat(store.supersededWithOpenClassLoader()).isEmpty();
        assertThat(store.closeClassLoaderIfSuperseded(v1)).isFalse();
        assertThat(answer("lobby")).isEqualTo("lobby v1");
    }

    @Test
    void appsAreIndependentAndVersionsAreNodeWide() throws Exception {
        Deployment rooms = store.deploy(app("rooms", "rooms", ROOM, "rooms"), INSTANTIATE);
        Deployment counter = store.deploy(app("counter", "counter", "com.example.Counter", "counter"), INSTANTIATE);
        assertThat(List.of(rooms.version(), counter.version())).containsExactly(1L, 2L);
        assertThat(store.app("rooms")).contains(rooms);
        assertThat(store.app("counter")).contains(counter);
        assertThat(answer("rooms")).isEqualTo("rooms");
        assertThat(answer("counter")).isEqualTo("counter");
    }

    @Test
    void theSameBytesTwiceAreTwoDeployments() throws Exception {
        byte[] jar = app("rooms", "rooms", ROOM, "v1");
        Deployment a = store.deploy(jar, INSTANTIATE);
        Deployment b = store.deploy(jar, INSTANTIATE);
        assertThat(a.sha256()).isEqualTo(b.sha256());
        assertThat(a.id()).isNotEqualTo(b.id());
        assertThat(store.namespace("rooms").orElseThrow().deployment()).isEqualTo(b);
    }

    @Test
    void configReachesObjectsThroughTheContext() throws Exception {
        store.deploy(TestJars.builder().source(ROOM, """
                        package com.example;
                        import io.cairn.api.*;
                        public class Room implements DurableObject, java.util.function.Supplier<String> {
                            private final String limit;
                            public Room(ObjectContext ctx) { limit = ctx.config().get("historyLimit", "none"); }
                            public Response fetch(Request r) { return Response.ok(limit); }
                            public String get() { return limit; }
                        }""")
                .manifest("{\"app\":\"rooms\",\"namespaces\":{\"rooms\":{\"class\":\"" + ROOM + "\",\"config\":{\"historyLimit\":\"100\"}}}}")
                .build(), INSTANTIATE);
        LoadedNamespace ns = store.namespace("rooms").orElseThrow();
        assertThat(ns.config().asMap()).containsExactly(Map.entry("historyLimit", "100"));
        assertThat(ns.config().get("missing")).isEmpty();
        assertThat(answer("rooms")).isEqualTo("100");
    }

    @Test
    void supersededClassLoadersAreClosedWhenTheRuntimeSaysSo() throws Exception {
        byte[] v1Jar = TestJars.builder()
                .source("com.example.Helper", "package com.example; public final class Helper {}")
                .source("com.example.Unused", "package com.example; public final class Unused {}")
                .source(ROOM, TestJars.respondingObject(ROOM, "v1"))
                .manifest(TestJars.manifest("rooms", Map.of("rooms", ROOM))).build();
        Deployment v1 = store.deploy(v1Jar, INSTANTIATE);
        ClassLoader v1Loader = store.namespace("rooms").orElseThrow().objectClass().getClassLoader();
        Deployment v2 = store.deploy(app("rooms", "rooms", ROOM, "v2"), INSTANTIATE);

        assertThat(store.supersededWithOpenClassLoader()).containsExactly(v1);
        // Until then, old code can still load more of its classes (a live object finishing its event).
        assertThat(v1Loader.loadClass("com.example.Helper")).isNotNull();
        assertThat(store.closeClassLoaderIfSuperseded(v2)).isFalse();
        assertThat(store.closeClassLoaderIfSuperseded(v1)).isTrue();
        assertThat(store.closeClassLoaderIfSuperseded(v1)).isTrue();
        assertThat(store.supersededWithOpenClassLoader()).isEmpty();
        // Closed: a class of the JAR not loaded before can no longer be loaded.
        assertThatThrownBy(() -> v1Loader.loadClass("com.example.Unused")).isInstanceOf(ClassNotFoundException.class);
        assertThat(answer("rooms")).isEqualTo("v2");
    }

    @Test
    void aListenerMayCallBackIntoTheStore() throws Exception {
        List<Boolean> closed = new ArrayList<>();
        store.addListener((d, ns) -> store.supersededWithOpenClassLoader()
                .forEach(old -> closed.add(store.closeClassLoaderIfSuperseded(old))));
        store.deploy(app("rooms", "rooms", ROOM, "v1"), INSTANTIATE);
        store.deploy(app("rooms", "rooms", ROOM, "v2"), INSTANTIATE);
        assertThat(closed).containsExactly(true);
    }

    @Test
    void aFailingListenerNeitherFailsTheDeploymentNorSilencesOthers() throws Exception {
        List<String> heard = new ArrayList<>();
        store.addListener((d, ns) -> {
            throw new IllegalStateException("listener bug");
        });
        store.addListener((d, ns) -> heard.add(d.id()));
        Deployment d = store.deploy(app("rooms", "rooms", ROOM, "v1"), INSTANTIATE);
        assertThat(heard).containsExactly(d.id());
        assertThat(store.namespace("rooms")).isPresent();
    }

    @Test
    void removedListenersAreNotCalled() throws Exception {
        List<String> heard = new ArrayList<>();
        DeploymentListener l = (d, ns) -> heard.add(d.id());
        store.addListener(l);
        store.removeListener(l);
        store.deploy(app("rooms", "rooms", ROOM, "v1"), INSTANTIATE);
        assertThat(heard).isEmpty();
    }

    @Test
    void theStoreDirectoryHoldsTheIndexAndOneJarPerDeployment() throws Exception {
        Deployment d = store.deploy(app("rooms", "rooms", ROOM, "v1"), INSTANTIATE);
        assertThat(files().keySet()).hasSize(3).contains(".lock", "index.json");
        Path jar;
        try (var jars = Files.list(dir.resolve("jars"))) {
            jar = jars.findFirst().orElseThrow();
        }
        assertThat(jar.getFileName().toString()).startsWith(d.id()).endsWith(".jar");
        assertThat(Deployment.sha256Hex(Files.readAllBytes(jar))).isEqualTo(d.sha256());
        String index = Files.readString(dir.resolve("index.json"), StandardCharsets.UTF_8);
        assertThat(index).contains("\"format\"", d.id(), d.sha256(), ROOM);
    }

    @Test
    void deployingToAClosedStoreFails() {
        store.close();
        assertThatThrownBy(() -> store.deploy(app("rooms", "rooms", ROOM, "v1"), INSTANTIATE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        store.close(); // idempotent
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> DeploymentStore.open(dir.resolve("other"), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.deploy(null, INSTANTIATE)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> store.deploy(new byte[] {'P', 'K', 3, 4}, null)).isInstanceOf(NullPointerException.class);
    }
}
