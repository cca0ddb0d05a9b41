package io.cairn.router.dispatch;

import io.cairn.api.Headers;
import io.cairn.api.ObjectId;
import io.cairn.api.Request;
import io.cairn.api.Response;
import io.cairn.router.membership.MemberInfo;
import io.cairn.router.ownership.Ownership;
import io.cairn.runtime.exec.CallChain;
import io.cairn.runtime.exec.ObjectDispatcher;
import io.cairn.runtime.exec.ObjectFailure;
import io.cairn.runtime.exec.ObjectHost;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Delivers a request to an object wherever it lives: to this node's objects when it owns the
 * object, else to the owner over HTTP with the whole request and response in memory (bodies are
 * bounded by the node's body limit). Used for object-to-object calls and for data-plane requests
 * that reached this node while the object was moving away (the front's streaming forwarder
 * handles the rest).
 *
 * <p>Retries are bounded: an attempt that finds the object moving (503 {@code object_moving} or
 * {@code shutting_down}, or a refused connection) is repeated against the owner of the moment,
 * with backoff, at most {@link #MAX_ATTEMPTS} times; then the last failure is returned.
 * Completion happens on a Vert.x event loop or an object's thread; callers must not block there.
 */
public final class ClusterDispatcher implements ObjectDispatcher {

    public static final String HOPS_HEADER = "Cairn-Forwarded-Hops";
    public static final String CALL_CHAIN_HEADER = "Cairn-Call-Chain";
    static final int MAX_ATTEMPTS = 6;
    /** Nodes a request may cross before it is served (or refused) where it is. */
    public static final int MAX_HOPS = 2;
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te", "trailer",
            "upgrade", "content-length", "host");
    private static final Set<String> RETRY_CODES = Set.of("object_moving", "shutting_down");

    private final ObjectHost host;
    private final Ownership ownership;
    private final String self;
    private final Vertx vertx;
    private final HttpClient client;

    public ClusterDispatcher(ObjectHost host, Ownership ownership, String self, Vertx vertx) {
        this.host = host;
        this.ownership = ownership;
        this.self = self;
        this.vertx = vertx;
        this.client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(2000).setIdleTimeout(60)
                .setIdleTimeoutUnit(TimeUnit.SECONDS).setKeepAlive(true), new PoolOptions().setHttp1MaxSize(64));
    }

    @Override
    public CompletableFuture<Response> dispatch(ObjectId id, Request request, CallChain chain) {
        return attempt(id, request, chain, 0);
    }

    private CompletableFuture<Response> attempt(ObjectId id, Request request, CallChain chain, int n) {
        MemberInfo owner = ownership.owner(id).orElse(null);
        int hops = request.headers().first(HOPS_HEADER).map(ClusterDispatcher::parseHops).orElse(0);
        CompletableFuture<Response> result;
        // A request that already crossed nodes is not sent on again: views that disagree cannot make it loop.
        if (owner == null || owner.nodeId().equals(self) || hops >= MAX_HOPS) {
            result = host.dispatch(id, request, chain);
        } else {
            result = remote(owner, id, request, chain);
        }
        return result.handle((resp, err) -> {
            if (n + 1 < MAX_ATTEMPTS && retriable(resp, err)) {
                return delay(n).thenCompose(v -> attempt(id, request, chain, n + 1));
            }
            return err == null ? CompletableFuture.completedFuture(resp) : CompletableFuture.<Response>failedFuture(err);
        }).thenCompose(f -> f);
    }

    private static boolean retriable(Response resp, Throwable err) {
        if (err != null) {
            Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            if (t instanceof ObjectFailure f) {
                return f.kind() == ObjectFailure.Kind.MOVED || f.kind() == ObjectFailure.Kind.SHUTTING_DOWN;
            }
            // Refused before anything was sent: safe to try again. A connection lost after sending is not (the write may have happened).
            return t instanceof java.net.ConnectException;
        }
        return resp.status() == 503 && resp.headers().first(io.cairn.runtime.http.HttpErrors.ERROR_HEADER)
                .map(RETRY_CODES::contains).orElse(false);
    }

    private CompletableFuture<Void> delay(int n) {
        long ms = Math.min(50L << n, 800) + ThreadLocalRandom.current().nextLong(25);
        CompletableFuture<Void> f = new CompletableFuture<>();
        vertx.setTimer(ms, t -> f.complete(null));
        return f;
    }

    private CompletableFuture<Response> remote(MemberInfo owner, ObjectId id, Request request, CallChain chain) {
        int colon = owner.httpAddress().lastIndexOf(':');
        // No answer for this long (nothing at all, not even headers) fails the call instead of hanging it.
        RequestOptions ro = new RequestOptions().setMethod(HttpMethod.valueOf(request.method())).setIdleTimeout(60_000)
                .setHost(owner.httpAddress().substring(0, colon)).setPort(Integer.parseInt(owner.httpAddress().substring(colon + 1)))
                .setURI(ObjectUris.objectPath(id, request.path(), request.rawQuery()));
        for (Map.Entry<String, String> h : request.headers().entries()) {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                ro.addHeader(h.getKey(), h.getValue());
            }
        }
        int hops = request.headers().first(HOPS_HEADER).map(ClusterDispatcher::parseHops).orElse(0);
        ro.putHeader(HOPS_HEADER, String.valueOf(hops + 1));
        if (!chain.waiting().isEmpty()) {
            ro.putHeader(CALL_CHAIN_HEADER, chain.encode());
        }
        CompletableFuture<Response> out = new CompletableFuture<>();
        client.request(ro)
                .compose(req -> req.send(Buffer.buffer(request.body())))
                .compose(resp -> resp.body().map(body -> {
                    Headers.Builder hb = Headers.builder();
                    resp.headers().forEach(e -> {
                        if (!HOP_BY_HOP.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                            hb.add(e.getKey(), e.getValue());
                        }
                    });
                    return new Response(resp.statusCode(), hb.build(), body.getBytes(), null);
                }))
                .onComplete(ar -> {
                    if (ar.succeeded()) {
                        out.complete(ar.result());
                    } else {
                        out.completeExceptionally(ar.cause());
                    }
                });
        return out;
    }

    static int parseHops(String v) {
        try {
            return Math.max(0, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public void close() {
        client.close();
    }
}
