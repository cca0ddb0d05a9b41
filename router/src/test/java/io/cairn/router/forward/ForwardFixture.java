package io.cairn.router.forward;

import io.cairn.runtime.http.HttpFront;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * One Vert.x, fake owners (bare HTTP servers), and a front server whose request handler hands every
 * request to an {@link HttpForwarder} with the resolver the test set. Everything on 127.0.0.1, port 0.
 */
final class ForwardFixture implements AutoCloseable {

    static final String NODE_ID = "front-node";
    static final List<String> SUB_PROTOCOLS = List.of("cairn.v1");

    final Vertx vertx = Vertx.vertx();
    final HttpForwarder forwarder;
    /** Attempt numbers the resolver was called with, in order. */
    final List<Integer> resolved = new CopyOnWriteArrayList<>();
    final HttpClientAgent client;
    final WebSocketClient wsClient;
    final int frontPort;
    private volatile IntFunction<ForwardTarget> resolver = n -> new ForwardTarget.Unavailable("no resolver set");
    private final List<HttpServer> servers = new CopyOnWriteArrayList<>();

    ForwardFixture(ForwarderOptions options) {
        forwarder = new HttpForwarder(vertx, options);
        IntFunction<ForwardTarget> recording = n -> {
            resolved.add(n);
            return resolver.apply(n);
        };
        frontPort = startServer(req -> {
            if ("websocket".equalsIgnoreCase(req.getHeader("upgrade"))) {
                forwarder.forwardWebSocket(req, recording);
            } else {
                forwarder.forward(req, recording);
            }
        });
        client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(frontPort));
        wsClient = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxMessageSize(HttpFront.MAX_WEBSOCKET_MESSAGE_BYTES).setMaxFrameSize(1024 * 1024));
    }

    static ForwarderOptions.Builder fastOptions() {
        return ForwarderOptions.builder(NODE_ID).firstBackoff(java.time.Duration.ofMillis(5))
                .maxBackoff(java.time.Duration.ofMillis(20)).connectTimeout(java.time.Duration.ofSeconds(2));
    }

    void resolveWith(IntFunction<ForwardTarget> r) {
        this.resolver = r;
    }

    /** Every attempt goes to the server on {@code port}. */
    void resolveTo(int port) {
        resolveWith(n -> remote("owner", port));
    }

    static ForwardTarget.Remote remote(String nodeId, int port) {
        return new ForwardTarget.Remote(nodeId, "127.0.0.1:" + port);
    }

    int startServer(Handler<HttpServerRequest> handler) {
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                .setMaxWebSocketMessageSize(HttpFront.MAX_WEBSOCKET_MESSAGE_BYTES)
                .setMaxWebSocketFrameSize(1024 * 1024)
                .setWebSocketSubProtocols(SUB_PROTOCOLS)).requestHandler(handler);
        servers.add(server);
        return await(server.listen()).actualPort();
    }

    /** A port nothing listens on (bound, then released). */
    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    record Reply(int status, String statusMessage, MultiMap headers, Buffer body) {
        String text() {
            return body.toString();
        }
    }

    Reply send(RequestOptions options, Buffer body) {
        return await(client.request(options).compose(r -> r.send(body))
                .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.statusMessage(),
                        resp.headers(), b))));
    }

    Reply send(io.vertx.core.http.HttpMethod method, String uri) {
        return send(new RequestOptions().setMethod(method).setURI(uri), Buffer.buffer());
    }

    static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("operation failed: " + e, e);
        }
    }

    @Override
    public void close() {
        forwarder.close();
        await(vertx.close());
    }
}
