package io.cairn.runtime.deploy;

import io.cairn.runtime.deploy.testing.TestJars;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static io.cairn.runtime.deploy.TestContexts.INSTANTIATE;
import static org.assertj.core.api.Assertions.assertThat;

/** Every kind of bad JAR is refused with its code and a useful message, and changes nothing. */
class DeploymentRejectionTest extends StoreTestSupport {

    private static final String ROOM = "com.example.Room";

    @BeforeEach
    void deployV1() throws Exception {
        store.deploy(app("rooms", "rooms", ROOM, "v1"), INSTANTIATE);
    }

    /** A JAR of app "rooms" binding namespace "rooms" to {@value #ROOM} with the given source. */
    private static byte[] roomJar(String source) {
        return TestJars.builder().source(ROOM, source)
                .manifest(TestJars.manifest("rooms", Map.of("rooms", ROOM))).build();
    }

    private static String room(String body) {
        return "package com.example;\nimport io.cairn.api.*;\n" + body;
    }

    @Test
    void notAZip() {
        assertRejected("{\"hello\":1}".getBytes(StandardCharsets.UTF_8), INSTANTIATE, "not_a_jar", "not a JAR");
        assertRejected(new byte[0], INSTANTIATE, "not_a_jar", "empty");
    }

    @Test
    void truncatedZip() {
        byte[] jar = app("rooms", "rooms", ROOM, "v2");
        assertRejected(Arrays.copyOf(jar, jar.length / 2), INSTANTIATE, "not_a_jar", "zip");
    }

    @Test
    void noManifest() {
        byte[] jar = TestJars.builder().source(ROOM, TestJars.respondingObject(ROOM, "v2")).build();
        assertRejected(jar, INSTANTIATE, "no_manifest", "META-INF/cairn.json");
    }

    @Test
    void malformedManifest() {
        byte[] jar = TestJars.builder().source(ROOM, TestJars.respondingObject(ROOM, "v2"))
                .manifest("{\"app\": \"rooms\", \"namespaces\": {").build();
        assertRejected(jar, INSTANTIATE, "bad_manifest", "malformed JSON");
    }

    @Test
    void manifestWithUnknownField() {
        byte[] jar = TestJars.builder().source(ROOM, TestJars.respondingObject(ROOM, "v2"))
                .manifest("{\"app\":\"rooms\",\"namespaces\":{\"rooms\":{\"class\":\"" + ROOM + "\",\"confg\":{}}}}").build();
        assertRejected(jar, INSTANTIATE, "bad_manifest", "unknown field 'confg'");
    }

    @Test
    void manifestWithBadNamespaceName() {
        byte[] jar = TestJars.builder().source(ROOM, TestJars.respondingObject(ROOM, "v2"))
                .manifest(TestJars.manifest("rooms", Map.of("Rooms!", ROOM))).build();
        assertRejected(jar, INSTANTIATE, "bad_manifest", "invalid namespace 'Rooms!'");
    }

    @Test
    void classMissing() {
        byte[] jar = TestJars.builder().source(ROOM, TestJars.respondingObject(ROOM, "v2"))
                .manifest(TestJars.manifest("rooms", Map.of("rooms", "com.example.Rom"))).build();
        assertRejected(jar, INSTANTIATE, "class_not_found", "namespace 'rooms'", "com.example.Rom", "not in the JAR");
    }

    @Test
    void classInTheApiPackage() {
        String evil = "io.cairn.api.Room";
        byte[] jar = TestJars.builder().source(evil, TestJars.respondingObject(evil, "v2"))
                .manifest(TestJars.manifest("rooms", Map.of("rooms", evil))).build();
        assertRejected(jar, INSTANTIATE, "class_not_found", "io.cairn.api is reserved");
    }

    @Test
    void classNotADurableObject() {
        assertRejected(roomJar(room("public class Room { public Room() {} }")), INSTANTIATE,
                "not_a_durable_object", "com.example.Room does not implement io.cairn.api.DurableObject");
    }

    @Test
    void abstractClass() {
        assertRejected(roomJar(room("public abstract class Room implements DurableObject { public Room() {} }")),
                INSTANTIATE, "not_a_durable_object", "abstract");
    }

    @Test
    void interfaceClass() {
        assertRejected(roomJar(room("public interface Room extends DurableObject {}")),
                INSTANTIATE, "not_a_durable_object", "an interface");
    }

    @Test
    void noUsableConstructor() {
        assertRejected(roomJar(room("""
                public class Room implements DurableObject {
                    public Room(String name) {}
                    private Room() {}
                    public Response fetch(Request r) { return Response.ok("x"); }
                }""")), INSTANTIATE, "no_usable_constructor", "no public constructor taking (io.cairn.api.ObjectContext)");
    }

    @Test
    void nonPublicClass() {
        assertRejected(roomJar(room("""
                class Room implements DurableObject {
                    public Room() {}
                    public Response fetch(Request r) { return Response.ok("x"); }
                }""")), INSTANTIATE, "no_usable_constructor", "is not public");
    }

    @Test
    void innerClass() {
        byte[] jar = TestJars.builder().source(ROOM, room("""
                public class Room {
                    public class Inner implements DurableObject {
                        public Inner(ObjectContext ctx) {}
                        public Response fetch(Request r) { return Response.ok("x"); }
                    }
                }""")).manifest(TestJars.manifest("rooms", Map.of("rooms", ROOM + "$Inner"))).build();
        assertRejected(jar, INSTANTIATE, "no_usable_constructor", "inner class");
    }

    @Test
    void constructorThrows() {
        DeploymentRejectedException e = assertRejected(roomJar(room("""
                public class Room implements DurableObject {
                    public Room(ObjectContext ctx) { throw new IllegalStateException("cannot open the history table"); }
                    public Response fetch(Request r) { return Response.ok("x"); }
                }""")), INSTANTIATE, "constructor_threw", "namespace 'rooms'",
                "java.lang.IllegalStateException: cannot open the history table");
        assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void staticInitializerThrows() {
        assertRejected(roomJar(room("""
                public class Room implements DurableObject {
                    static final int LIMIT = Integer.parseInt("not a number");
                    public Room() {}
                    public Response fetch(Request r) { return Response.ok("x"); }
                }""")), INSTANTIATE, "constructor_threw", "static initializer threw", "NumberFormatException");
    }

    @Test
    void checkSuppliedByTheRuntimeFails() {
        ConstructorCheck runtimeCheck = ns -> {
            throw new Exception("scratch database unavailable");
        };
        assertRejected(app("rooms", "rooms", ROOM, "v2"), runtimeCheck, "constructor_threw", "scratch database unavailable");
    }

    @Test
    void tooLarge() {
        byte[] noise = new byte[(int) MAX_JAR_BYTES];
        new Random(1).nextBytes(noise); // random bytes do not compress, so the JAR exceeds the limit
        byte[] jar = TestJars.builder().source(ROOM, TestJars.respondingObject(ROOM, "v2"))
                .manifest(TestJars.manifest("rooms", Map.of("rooms", ROOM))).file("noise.bin", noise).build();
        assertRejected(jar, INSTANTIATE, "too_large", "at most " + MAX_JAR_BYTES + " bytes");
    }

    @Test
    void assetsDirectoryMissing() {
        byte[] jar = TestJars.builder().source(ROOM, TestJars.respondingObject(ROOM, "v2"))
                .manifest("{\"app\":\"rooms\",\"namespaces\":{\"rooms\":{\"class\":\"" + ROOM + "\"}},\"assets\":\"public\"}")
                .file("static/index.html", "<h1>hi</h1>").build();
        assertRejected(jar, INSTANTIATE, "assets_not_found", "'public'");
    }

    @Test
    void classCompiledForANewerJava() {
        Map<String, byte[]> entries = new LinkedHashMap<>(
                TestJars.compile(Map.of(ROOM, TestJars.respondingObject(ROOM, "v2")), java.util.List.of()));
        byte[] classFile = entries.get("com/example/Room.class").clone();
        classFile[6] = 0;
        classFile[7] = 127; // major version 127: far beyond any JDK this runs on
        entries.put("com/example/Room.class", classFile);
        entries.put("META-INF/cairn.json", TestJars.manifest("rooms", Map.of("rooms", ROOM)).getBytes(StandardCharsets.UTF_8));
        assertRejected(TestJars.jar(entries), INSTANTIATE, "linkage_error", "newer Java");
    }

    @Test
    void oneBadNamespaceRejectsTheWholeDeployment() {
        Map<String, String> namespaces = new LinkedHashMap<>();
        namespaces.put("rooms", ROOM);                 // fine, would rebind rooms to v2
        namespaces.put("lobby", "com.example.Lobby");  // missing
        byte[] jar = TestJars.builder().source(ROOM, TestJars.respondingObject(ROOM, "v2"))
                .manifest(TestJars.manifest("rooms", namespaces)).build();
        assertRejected(jar, INSTANTIATE, "class_not_found", "com.example.Lobby");
    }

    @Test
    void aRejectionUsesUpNoVersion() throws Exception {
        assertRejected(new byte[] {1, 2, 3}, INSTANTIATE, "not_a_jar");
        assertRejected(roomJar(room("public class Room {}")), INSTANTIATE, "not_a_durable_object");
        Deployment v2 = store.deploy(app("rooms", "rooms", ROOM, "v2"), INSTANTIATE);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(answer("rooms")).isEqualTo("v2");
    }
}
