package io.cairn.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.runtime.TestApps.Ns;
import io.cairn.runtime.testapps.CounterObject;
import io.cairn.runtime.testapps.ThrowingConstructorObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Routing, validation, limits, auth and error shapes of the HTTP front. */
class HttpFrontTest {

    @TempDir
    Path data;
    TestNode node;

    @BeforeEach
    void start() {
        node = TestNode.start(data, b -> b.maxBodyBytes(1024));
        node.deploy(TestApps.jar("test", Ns.of("counter", CounterObject.class), Ns.of("fragile", ThrowingConstructorObject.class)));
    }

    @AfterEach
    void stop() {
        node.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/objects/counter/..%2F..%2Fx", "/objects/counter/%00",
            "/objects/counter/%C3%28", "/objects/Counter/x", "/objects/counter/", "/objects/counter/x/../y"})
    void badNamesGet400(String path) {
        HttpResponse<String> r = node.get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).startsWith("{\"error\":{").contains("\"code\":\"bad_name\"");
    }

    @Test
    void overlongNameGets400() {
        HttpResponse<String> r = node.get("/objects/counter/" + "n".repeat(513));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("512");
    }

    @Test
    void encodedSlashAndUnicodeNamesAreOneObject() {
        assertThat(node.post("/objects/counter/a%2Fb%20%E2%9C%93/increment", "").body()).isEqualTo("{\"value\":1}");
        assertThat(node.post("/objects/counter/a%2Fb%20%E2%9C%93/increment", "").body()).isEqualTo("{\"value\":2}");
        assertThat(node.get("/objects/counter/a").body()).isEqualTo("{\"value\":0}");
    }

    @Test
    void unknownNamespaceGets404() {
        HttpResponse<String> r = node.get("/objects/nosuch/x");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.body()).contains("unknown_namespace");
    }

    @Test
    void bodyOverLimitGets413() {
        HttpResponse<String> r = node.post("/objects/counter/x/increment", "x".repeat(2000));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("body_too_large");
        assertThat(node.get("/objects/counter/x").body()).isEqualTo("{\"value\":0}");
    }

    @Test
    void adminRoutesNeedTheToken() {
        for (String path : new String[] {"/admin/v1/deployments", "/admin/v1/cluster", "/admin/v1/namespaces/counter/objects"}) {
            HttpResponse<String> none = node.get(path);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.body()).contains("unauthorized");
            HttpResponse<String> wrong = node.send(HttpRequest.newBuilder(node.uri(path)).header("authorization", "Bearer nope"));
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(node.admin("GET", path, null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void handlerThatThrowsGets500AndItsWritesAreRolledBack() {
        node.post("/objects/counter/r/increment", "");
        HttpResponse<String> r = node.post("/objects/counter/r/fail", "");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("object_error").contains("failing on purpose").doesNotContain("at io.cairn");
        assertThat(node.get("/objects/counter/r").body()).isEqualTo("{\"value\":1}");
    }

    @Test
    void throwingConstructorHarmsOnlyItsObject() {
        HttpResponse<String> bad = node.get("/objects/fragile/bad-one");
        assertThat(bad.statusCode()).isEqualTo(500);
        assertThat(bad.body()).contains("activation_failed").contains("cannot start bad-one");
        assertThat(node.get("/objects/fragile/good").body()).isEqualTo("fine");
        assertThat(node.post("/objects/counter/c/increment", "").statusCode()).isEqualTo(200);
        assertThat(node.get("/objects/fragile/bad-one").statusCode()).isEqualTo(500);
    }

    @Test
    void appAssetsAreServedWithTheIndexAtTheSlash() {
        java.util.Map<String, byte[]> entries = new java.util.LinkedHashMap<>();
        entries.put("META-INF/cairn.json", ("{\"app\":\"site\",\"namespaces\":{\"site\":{\"class\":\""
                + CounterObject.class.getName() + "\"}},\"assets\":\"public\"}").getBytes());
        entries.put("public/index.html", "<h1>hi</h1>".getBytes());
        entries.put("public/app.js", "let x = 1;".getBytes());
        TestApps.addClassFiles(CounterObject.class, entries);
        node.deploy(TestApps.jar(entries));
        HttpResponse<String> index = node.get("/apps/site/");
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).isEqualTo("<h1>hi</h1>");
        assertThat(index.headers().firstValue("content-type").orElse("")).startsWith("text/html");
        assertThat(node.get("/apps/site/app.js").headers().firstValue("content-type").orElse("")).startsWith("text/javascript");
        HttpResponse<String> bare = node.get("/apps/site");
        assertThat(bare.statusCode()).isEqualTo(302);
        assertThat(bare.headers().firstValue("location")).hasValue("/apps/site/");
        assertThat(node.get("/apps/site/missing.css").statusCode()).isEqualTo(404);
        assertThat(node.get("/apps/site/../../etc/passwd").statusCode()).isIn(400, 404);
    }

    @Test
    void healthReadinessAndMetricsNeedNoToken() {
        assertThat(node.get("/healthz").statusCode()).isEqualTo(200);
        assertThat(node.get("/readyz").statusCode()).isEqualTo(200);
        node.post("/objects/counter/m/increment", "");
        HttpResponse<String> m = node.get("/metrics");
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.body()).contains("cairn_live_objects").contains("cairn_wal_fsyncs");
    }

    @Test
    void objectsAreListedPaged() {
        for (String n : new String[] {"b", "a", "c", "ab"}) {
            node.post("/objects/counter/" + n + "/increment", "");
        }
        HttpResponse<String> first = node.admin("GET", "/admin/v1/namespaces/counter/objects?limit=2", null);
        assertThat(first.body()).contains("\"objects\":[\"a\",\"ab\"]").contains("\"next\":\"ab\"");
        HttpResponse<String> second = node.admin("GET", "/admin/v1/namespaces/counter/objects?limit=2&after=ab", null);
        assertThat(second.body()).contains("\"objects\":[\"b\",\"c\"]");
        HttpResponse<String> prefixed = node.admin("GET", "/admin/v1/namespaces/counter/objects?prefix=a", null);
        assertThat(prefixed.body()).contains("\"objects\":[\"a\",\"ab\"]").contains("\"next\":null");
        HttpResponse<String> view = node.admin("GET", "/admin/v1/objects/counter/ab", null);
        assertThat(view.statusCode()).isEqualTo(200);
        assertThat(view.body()).contains("\"name\":\"ab\"").contains("\"owner\"");
    }
}
