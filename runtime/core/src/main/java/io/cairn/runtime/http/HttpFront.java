package io.cairn.runtime.http;

import io.cairn.runtime.NodeOptions;
import io.cairn.runtime.exec.ObjectDispatcher;
import io.cairn.runtime.exec.ObjectHost;
import io.cairn.runtime.spi.NodeExtension;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;

/**
 * The node's HTTP server. Data-plane requests go straight to {@link DataPlaneHandler} on the raw
 * path (so encoded names survive); everything else goes through a Vert.x Web router.
 */
public final class HttpFront implements AutoCloseable {

    /** WebSocket messages up to 32 MiB, as the platform promises. */
    public static final int MAX_WEBSOCKET_MESSAGE_BYTES = 32 * 1024 * 1024;

    private final HttpServer server;

    private HttpFront(HttpServer server) {
        this.server = server;
    }

    public static HttpFront start(Vertx vertx, NodeOptions options, ObjectHost host, ObjectDispatcher dispatcher,
                                  String adminToken, java.util.function.Supplier<NodeIdentity> identity, PrometheusMeterRegistry metrics,
                                  BooleanSupplier ready, java.util.List<NodeExtension> extensions,
                                  io.cairn.runtime.spi.Deployer deployer) {
        Router router = Router.router(vertx);
        router.get("/healthz").handler(ctx -> Json.send(ctx.response(), 200, Map.of("status", "ok")));
        router.get("/readyz").handler(ctx -> {
            if (ready.getAsBoolean()) {
                Json.send(ctx.response(), 200, Map.of("ready", true));
            } else {
                HttpErrors.send(ctx.response(), 503, "not_ready", "the node is starting or stopping");
            }
        });
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
        new AdminApi(host, identity, extensions, deployer).mount(vertx, router, adminToken, options.maxDeploymentBytes());
        new AppAssets(host.deployments()).mount(router);
        router.route().last().handler(ctx -> HttpErrors.send(ctx.response(), 404, "not_found",
                "no route " + ctx.request().method() + " " + ctx.request().path()
                        + "; objects are at /objects/{namespace}/{name}"));

        DataPlaneHandler dataPlane = new DataPlaneHandler(dispatcher, host.hub(), options.maxBodyBytes());
        HttpServerOptions serverOptions = new HttpServerOptions()
                .setHost(options.host())
                .setPort(options.httpPort())
                .setMaxWebSocketMessageSize(MAX_WEBSOCKET_MESSAGE_BYTES)
                .setMaxWebSocketFrameSize(1024 * 1024)
                .setCompressionSupported(false);
        java.util.List<io.cairn.runtime.spi.RequestInterceptor> interceptors = extensions.stream()
                .map(e -> e.requestInterceptor(vertx)).filter(java.util.Objects::nonNull).toList();
        HttpServer server = vertx.createHttpServer(serverOptions).requestHandler(req -> {
            for (io.cairn.runtime.spi.RequestInterceptor i : interceptors) {
                if (i.intercept(req)) {
                    return;
                }
            }
            if (req.path().startsWith(DataPlaneHandler.PREFIX)) {
                dataPlane.handle(req);
            } else {
                router.handle(req);
            }
        });
        try {
            return new HttpFront(server.listen().toCompletionStage().toCompletableFuture().get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while binding " + options.host() + ":" + options.httpPort(), e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot listen on " + options.host() + ":" + options.httpPort() + ": "
                    + e.getCause().getMessage() + " (is another node running there? pick another --http-port)", e.getCause());
        }
    }

    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("closing the HTTP server failed", e.getCause());
        }
    }
}
