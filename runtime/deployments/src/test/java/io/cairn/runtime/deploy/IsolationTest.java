package io.cairn.runtime.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.api.DurableObject;
import io.cairn.runtime.deploy.testing.TestJars;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.cairn.runtime.deploy.TestContexts.INSTANTIATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A deployment sees the JDK, io.cairn.api and its own JAR — not the node's libraries or internals. */
class IsolationTest extends StoreTestSupport {

    private static final String ROOM = "com.example.Room";

    private static byte[] roomJar(String source, Class<?>... compileAgainst) {
        TestJars.Builder b = TestJars.builder().source(ROOM, source)
                .manifest(TestJars.manifest("rooms", Map.of("rooms", ROOM)));
        for (Class<?> c : compileAgainst) {
            b.classpathOf(c);
        }
        return b.build();
    }

    @Test
    void aFieldOfALibraryTypeTheNodeHasButTheJarLacksIsRejectedAtDeployTime() {
        // Compiles against Jackson (the node has it on its class path) without bundling it.
        byte[] jar = roomJar("""
                package com.example;
                import io.cairn.api.*;
                import com.fasterxml.jackson.databind.ObjectMapper;
                public class Room implements DurableObject {
                    private final ObjectMapper mapper = new ObjectMapper();
                    public Room(ObjectContext ctx) {}
                    public Response fetch(Request r) throws Exception { return Response.ok(mapper.writeValueAsString(1)); }
                }""", ObjectMapper.class, com.fasterxml.jackson.core.Versioned.class);
        // No constructor check: loading alone must find it.
        assertRejected(jar, ConstructorCheck.NONE, "class_not_found",
                "com.example.Room", "com.fasterxml.jackson.databind.ObjectMapper", "bundle");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void aLibraryUsedOnlyInsideTheConstructorIsCaughtByTheConstructorCheck() {
        byte[] jar = roomJar("""
                package com.example;
                import io.cairn.api.*;
                public class Room implements DurableObject {
                    public Room(ObjectContext ctx) { new com.fasterxml.jackson.databind.ObjectMapper(); }
                    public Response fetch(Request r) { return Response.ok("x"); }
                }""", ObjectMapper.class);
        assertRejected(jar, INSTANTIATE, "class_not_found", "com.fasterxml.jackson.databind.ObjectMapper");
    }

    @Test
    void userCodeCannotLoadNodeClassesButSeesTheApiAndTheJdk() throws Exception {
        store.deploy(roomJar("""
                package com.example;
                import io.cairn.api.*;
                import java.util.*;
                public class Room implements DurableObject, java.util.function.Supplier<String> {
                    public Room(ObjectContext ctx) {}
                    public Response fetch(Request r) { return Response.ok("x"); }
                    public String get() {
                        List<String> seen = new ArrayList<>();
                        for (String name : List.of("io.cairn.runtime.deploy.DeploymentStore", "com.fasterxml.jackson.databind.ObjectMapper",
                                "org.slf4j.Logger", "org.junit.jupiter.api.Test", "org.assertj.core.api.Assertions",
                                "io.cairn.api.Response", "io.cairn.api.WebSocket$ReadyState", "java.sql.Connection", "java.net.http.HttpClient")) {
                            try {
                                Class.forName(name);
                                seen.add(name);
                            } catch (ClassNotFoundException e) {
                                // invisible, as intended
                            }
                        }
                        ClassLoader cl = getClass().getClassLoader();
                        for (String res : List.of("io/cairn/runtime/deploy/DeploymentStore.class", "com/fasterxml/jackson/databind/ObjectMapper.class",
                                "io/cairn/api/DurableObject.class")) {
                            if (cl.getResource(res) != null) {
                                seen.add(res);
                            }
                        }
                        return String.join(",", seen);
                    }
                }"""), INSTANTIATE);
        assertThat(answer("rooms").split(",")).containsExactly("io.cairn.api.Response", "io.cairn.api.WebSocket$ReadyState",
                "java.sql.Connection", "java.net.http.HttpClient", "io/cairn/api/DurableObject.class");
    }

    @Test
    void theApiIsSharedNotCopied() throws Exception {
        store.deploy(app("rooms", "rooms", ROOM, "v1"), INSTANTIATE);
        LoadedNamespace ns = store.namespace("rooms").orElseThrow();
        DurableObject instance = ns.instantiate(TestContexts.withConfig(ns.config()));
        assertThat(instance).isInstanceOf(DurableObject.class);
        Class<?> seenByUser = Class.forName("io.cairn.api.DurableObject", false, ns.objectClass().getClassLoader());
        assertThat(seenByUser).isSameAs(DurableObject.class);
    }

    @Test
    void eachDeploymentHasItsOwnClassLoaderOverTheSameRestrictedParent() throws Exception {
        store.deploy(app("rooms", "rooms", ROOM, "v1"), INSTANTIATE);
        LoadedNamespace v1 = store.namespace("rooms").orElseThrow();
        store.deploy(app("rooms", "rooms", ROOM, "v2"), INSTANTIATE);
        LoadedNamespace v2 = store.namespace("rooms").orElseThrow();
        assertThat(v1.objectClass().getName()).isEqualTo(v2.objectClass().getName());
        assertThat(v1.objectClass()).isNotSameAs(v2.objectClass());
        assertThat(v1.objectClass().getClassLoader()).isNotSameAs(v2.objectClass().getClassLoader());
        assertThat(v1.objectClass().getClassLoader().getParent()).isSameAs(v2.objectClass().getClassLoader().getParent())
                .isSameAs(ApiOnlyClassLoader.INSTANCE);
        assertThat(ApiOnlyClassLoader.INSTANCE.getParent()).isSameAs(ClassLoader.getPlatformClassLoader());
        assertThat(answer(v1)).isEqualTo("v1");
        assertThat(answer(v2)).isEqualTo("v2");
    }

    @Test
    void aJarMayBundleItsOwnLibraries() throws Exception {
        byte[] jar = TestJars.builder()
                .source("com.example.lib.Greeter", "package com.example.lib; public final class Greeter { public static String greet() { return \"hello from the JAR\"; } }")
                .source(ROOM, """
                        package com.example;
                        import io.cairn.api.*;
                        public class Room implements DurableObject, java.util.function.Supplier<String> {
                            public Room() {}
                            public Response fetch(Request r) { return Response.ok(get()); }
                            public String get() { return com.example.lib.Greeter.greet(); }
                        }""")
                .manifest(TestJars.manifest("rooms", Map.of("rooms", ROOM))).build();
        store.deploy(jar, INSTANTIATE);
        assertThat(answer("rooms")).isEqualTo("hello from the JAR");
    }

    @Test
    void theConstructorRunsWithTheDeploymentAsContextClassLoader() throws Exception {
        store.deploy(roomJar("""
                package com.example;
                import io.cairn.api.*;
                public class Room implements DurableObject, java.util.function.Supplier<String> {
                    private final boolean ownLoader;
                    public Room() { ownLoader = Thread.currentThread().getContextClassLoader() == Room.class.getClassLoader(); }
                    public Response fetch(Request r) { return Response.ok("x"); }
                    public String get() { return String.valueOf(ownLoader); }
                }"""), INSTANTIATE);
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        assertThat(answer("rooms")).isEqualTo("true");
        assertThat(Thread.currentThread().getContextClassLoader()).isSameAs(before);
    }

    @Test
    void classLoadingThroughTheRestrictedParentDirectly() {
        assertThatThrownBy(() -> ApiOnlyClassLoader.INSTANCE.loadClass(DeploymentStore.class.getName()))
                .isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> ApiOnlyClassLoader.INSTANCE.loadClass("io.cairn.api.internal.Secret"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(ApiOnlyClassLoader.INSTANCE.getResource("org/slf4j/Logger.class")).isNull();
        assertThat(ApiOnlyClassLoader.INSTANCE.getResource("io/cairn/api/Request.class")).isNotNull();
    }

}
