package io.cairn.router.forward;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

/**
 * One WebSocket upgrade forwarded to its owner: the client's request is held while a WebSocket to the
 * owner is opened (with retries like HTTP); only then is the client's upgrade accepted and the two
 * sockets joined by a {@link WebSocketRelay}. An owner that refuses the upgrade has its answer passed back
 * as a plain HTTP response.
 *
 * <p>Threading: created and driven on the request's event loop; the client's callbacks arrive on the same
 * context.
 */
final class WebSocketExchange extends Attempts {

    private final WebSocketClient client;
    private final String uri;
    private final MultiMap headers;
    private final List<String> subProtocols;

    WebSocketExchange(Vertx vertx, WebSocketClient client, ForwarderOptions options, HttpServerRequest req,
                      IntFunction<ForwardTarget> resolve) {
        super(vertx, options, req, resolve);
        this.client = client;
        this.uri = req.query() == null ? req.path() : req.path() + "?" + req.query();
        this.headers = ForwardHeaders.upstreamRequest(req, options.nodeId(), true);
        this.subProtocols = new ArrayList<>();
        for (String v : req.headers().getAll("sec-websocket-protocol")) {
            for (String p : v.split(",")) {
                if (!p.isBlank()) {
                    subProtocols.add(p.trim());
                }
            }
        }
    }

    void start() {
        req.pause(); // nothing may be read from the client before its upgrade is accepted
        next();
    }

    @Override
    protected void attempt(ForwardTarget.Remote target, int attempt) {
        WebSocketConnectOptions wo = new WebSocketConnectOptions()
                .setHost(target.host())
                .setPort(target.port())
                .setURI(uri)
                .setHeaders(headers)
                .setAllowOriginHeader(false) // the client's own Origin header travels with the others
                .setConnectTimeout(options.connectTimeout().toMillis())
                .setTimeout(options.idleTimeout().toMillis());
        if (!subProtocols.isEmpty()) {
            wo.setSubProtocols(subProtocols);
        }
        client.connect(wo).onComplete(ar -> {
            if (ar.succeeded()) {
                accept(ar.result());
            } else if (ar.cause() instanceof UpgradeRejectedException rejected) {
                rejected(target, rejected);
            } else if (neverConnected(ar.cause())) {
                retry(target, "could not be reached (" + describe(ar.cause()) + ")");
            } else {
                unreachable(target, "failed during the WebSocket handshake (" + describe(ar.cause()) + ")");
            }
        });
    }

    private void accept(WebSocket up) {
        up.pause(); // hold what the owner sends first (e.g. a greeting) until the client's side exists
        if (req.response().closed()) {
            up.close((short) 1001, "client went away");
            return;
        }
        req.toWebSocket().onComplete(ar -> {
            if (ar.succeeded()) {
                WebSocketRelay.join(ar.result(), up);
            } else {
                up.close((short) 1001, "client went away");
            }
        });
    }

    private void rejected(ForwardTarget.Remote target, UpgradeRejectedException rejected) {
        String error = rejected.getHeaders() == null ? null : rejected.getHeaders().get(ForwardHeaders.ERROR);
        if (rejected.getStatus() == 503 && ForwardHeaders.retryableError(error)) {
            retry(target, "answered 503 " + error);
            return;
        }
        HttpServerResponse out = req.response();
        if (!req.isEnded()) {
            req.resume();
        }
        if (out.closed() || out.ended()) {
            return;
        }
        out.setStatusCode(rejected.getStatus());
        if (rejected.getHeaders() != null) {
            ForwardHeaders.copyResponse(rejected.getHeaders(), out.headers(), false);
        }
        if (rejected.getBody() == null) {
            out.end();
        } else {
            out.end(rejected.getBody());
        }
    }

    /** Failures that happen before the owner could have seen the upgrade request. */
    private static boolean neverConnected(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            // Netty's connect timeout is a ConnectException too.
            if (c instanceof ConnectException || c instanceof NoRouteToHostException || c instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }
}
