package io.cairn.runtime;

import io.cairn.runtime.spi.NodeExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * A real node on 127.0.0.1 with a free port and its own data directory, plus a small HTTP client
 * for it. Close it in the test (try-with-resources or @AfterEach).
 */
public final class TestNode implements AutoCloseable {

    public static final String TOKEN = "test-admin-token-0123456789";

    private final CairnNode node;
    // HTTP/1.1 like most clients; the JDK client's HTTP/2 mode fails calls beyond the server's stream limit.
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private TestNode(CairnNode node) {
        this.node = node;
    }

    public static TestNode start(Path dataDir) {
        return start(dataDir, b -> b);
    }

    public static TestNode start(Path dataDir, UnaryOperator<NodeOptions.Builder> tune, NodeExtension... extensions) {
        NodeOptions.Builder b = NodeOptions.builder().host("127.0.0.1").httpPort(0).dataDir(dataDir).adminToken(TOKEN);
        return new TestNode(CairnNode.start(tune.apply(b).build(), extensions));
    }

    public CairnNode node() {
        return node;
    }

    public URI uri(String path) {
        // Not URI.resolve: it would normalise dot segments the tests want to send as they are.
        return URI.create(node.baseUri() + path);
    }

    public HttpClient client() {
        return http;
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public HttpResponse<String> post(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpResponse<String> admin(String method, String path, byte[] body) {
        HttpRequest.BodyPublisher p = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body);
        return send(HttpRequest.newBuilder(uri(path)).method(method, p).header("authorization", "Bearer " + TOKEN));
    }

    /** Deploys a JAR and fails the test unless it was accepted. */
    public HttpResponse<String> deploy(byte[] jar) {
        HttpResponse<String> r = admin("POST", "/admin/v1/deployments", jar);
        if (r.statusCode() != 201) {
            throw new AssertionError("deployment refused: " + r.statusCode() + " " + r.body());
        }
        return r;
    }

    @Override
    public void close() {
        node.close();
    }
}
