package io.cairn.router.forward;

import io.cairn.runtime.http.HttpFront;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Forwards data-plane requests to the node owning their object, over the owners' public HTTP fronts.
 *
 * <p>A plain request's body is buffered (up to {@link ForwarderOptions#maxBodyBytes()}) so that an attempt
 * that never reached an owner can be repeated on the next one. The owner's answer is streamed back as it
 * comes, except a short one (a {@code Content-Length} up to {@link HttpExchange#SHORT_ANSWER_BYTES}), which
 * is collected and written in one piece. Attempts are repeated only when the owner cannot have run the
 * request: it could not be reached, the connection broke before the request was fully sent, or it answered
 * 503 with {@code Cairn-Error} {@code object_moving}/{@code shutting_down}. A request the owner received and then never answered is
 * not repeated (503 {@code owner_unreachable}): it may have been applied.
 *
 * <p>Threading: {@link #forward} and {@link #forwardWebSocket} are called on the incoming request's event
 * loop and never block; the resolver is called on that event loop before each attempt and must not block
 * either. Call them before the request's body is read (or pause the request first). One instance serves
 * the whole node; {@link #close} releases its connection pools.
 */
public final class HttpForwarder implements AutoCloseable {

    /** Forwarded WebSockets are long-lived (hibernation), so the client must not cap them per owner at Vert.x's 50. */
    private static final int MAX_WEBSOCKETS_PER_OWNER = 1 << 20;
    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final Vertx vertx;
    private final ForwarderOptions options;
    private final HttpClientAgent http;
    private final WebSocketClient webSockets;

    public HttpForwarder(Vertx vertx, ForwarderOptions options) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.options = Objects.requireNonNull(options, "options");
        int connectMillis = (int) Math.min(Integer.MAX_VALUE, options.connectTimeout().toMillis());
        int idleSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, options.idleTimeout().toSeconds()));
        HttpClientOptions httpOptions = new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_1_1)
                .setKeepAlive(true)
                .setKeepAliveTimeout(idleSeconds)
                .setConnectTimeout(connectMillis)
                .setDecompressionSupported(false) // bytes pass through exactly as the owner made them
                .setMaxHeaderSize(MAX_HEADER_BYTES)
                .setTcpNoDelay(true);
        // HTTP/1.1 on purpose: h2c to the owner was measured at about twice the event-loop CPU per forwarded
        // read (82 vs 42 µs), and pipelining would queue requests behind a streamed answer (SSE, downloads).
        this.http = vertx.createHttpClient(httpOptions, new PoolOptions().setHttp1MaxSize(options.maxPoolSize()));
        WebSocketClientOptions wsOptions = new WebSocketClientOptions()
                .setConnectTimeout(connectMillis)
                .setMaxMessageSize(HttpFront.MAX_WEBSOCKET_MESSAGE_BYTES)
                .setMaxFrameSize(1024 * 1024)
                .setMaxConnections(MAX_WEBSOCKETS_PER_OWNER)
                .setTcpNoDelay(true);
        this.webSockets = vertx.createWebSocketClient(wsOptions);
    }

    public ForwarderOptions options() {
        return options;
    }

    /**
     * Proxies an HTTP request (not an upgrade) to the owner and answers {@code req} with the owner's
     * response, or with a platform error (413, 503 {@code object_moving}, 503 {@code owner_unreachable}).
     *
     * @param resolve called before each attempt with its number (0-based), on the event loop
     */
    public void forward(HttpServerRequest req, IntFunction<ForwardTarget> resolve) {
        new HttpExchange(vertx, http, options, req, resolve).start();
    }

    /**
     * Proxies a WebSocket upgrade: opens a WebSocket to the owner first, then accepts the client's upgrade
     * and relays messages both ways. An owner's refusal is returned as a plain HTTP response.
     *
     * @param resolve called before each attempt with its number (0-based), on the event loop
     */
    public void forwardWebSocket(HttpServerRequest req, IntFunction<ForwardTarget> resolve) {
        new WebSocketExchange(vertx, webSockets, options, req, resolve).start();
    }

    /** Closes the connection pools; forwarded WebSockets still open are closed with them. */
    @Override
    public void close() {
        http.close();
        webSockets.close();
    }
}
