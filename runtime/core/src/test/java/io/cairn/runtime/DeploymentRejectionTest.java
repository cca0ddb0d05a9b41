package io.cairn.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.runtime.TestApps.Ns;
import io.cairn.runtime.testapps.AlwaysThrowingObject;
import io.cairn.runtime.testapps.CounterObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad JAR gets a 400 that names the problem, and changes nothing. */
class DeploymentRejectionTest {

    @TempDir
    Path data;
    TestNode node;
    String before;

    @BeforeEach
    void start() {
        node = TestNode.start(data);
        node.deploy(TestApps.jar("counter", Ns.of("counter", CounterObject.class)));
        node.post("/objects/counter/keep/increment", "");
        before = node.admin("GET", "/admin/v1/deployments", null).body();
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private void assertRejected(byte[] jar, String code, String messagePart) {
        HttpResponse<String> r = node.admin("POST", "/admin/v1/deployments", jar);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("\"code\":\"" + code + "\"").contains(messagePart);
        assertThat(node.admin("GET", "/admin/v1/deployments", null).body()).isEqualTo(before);
        assertThat(node.post("/objects/counter/keep/increment", "").body()).isEqualTo("{\"value\":2}");
        node.post("/objects/counter/keep/increment?by=-1", "");
    }

    private static Map<String, byte[]> manifest(String json) {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("META-INF/cairn.json", json.getBytes(StandardCharsets.UTF_8));
        return m;
    }

    @Test
    void notAZip() {
        assertRejected("this is not a jar".getBytes(StandardCharsets.UTF_8), "not_a_jar", "");
    }

    @Test
    void noManifest() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        TestApps.addClassFiles(CounterObject.class, entries);
        assertRejected(TestApps.jar(entries), "no_manifest", "META-INF/cairn.json");
    }

    @Test
    void missingClass() {
        assertRejected(TestApps.jar(manifest("{\"app\":\"x\",\"namespaces\":{\"counter\":{\"class\":\"com.example.Nope\"}}}")),
                "class_not_found", "com.example.Nope");
    }

    @Test
    void classNotImplementingTheApi() {
        Map<String, byte[]> entries = manifest("{\"app\":\"x\",\"namespaces\":{\"counter\":{\"class\":\""
                + TestApps.class.getName() + "\"}}}");
        TestApps.addClassFiles(TestApps.class, entries);
        assertRejected(TestApps.jar(entries), "not_a_durable_object", "DurableObject");
    }

    @Test
    void constructorThatThrows() {
        assertRejected(TestApps.jar("x", Ns.of("counter", AlwaysThrowingObject.class)), "constructor_threw",
                "this constructor always fails");
    }

    @Test
    void malformedManifest() {
        assertRejected(TestApps.jar(manifest("{\"app\":\"x\",\"namespaces\":")), "bad_manifest", "");
    }
}
