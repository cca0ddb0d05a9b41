package io.cairn.runtime.http;

import io.cairn.api.Headers;
import io.cairn.api.Request;
import io.cairn.api.Response;
import io.cairn.runtime.exec.CallChain;
import io.cairn.runtime.exec.ObjectDispatcher;
import io.cairn.runtime.ws.HostedSocket;
import io.cairn.runtime.ws.WebSocketHub;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code ANY /objects/{ns}/{name}[/...]}: validates the path, reads the body under the size
 * limit, delivers the request to the object and writes back the response it made. An upgrade
 * request becomes a hosted WebSocket when the object answers with {@link Response#webSocket}.
 */
final class DataPlaneHandler implements Handler<HttpServerRequest> {

    static final String PREFIX = "/objects/";
    /** Hop-by-hop and framing headers are the server's business, not the object's. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "transfer-encoding", "content-length",
            "keep-alive", "upgrade", "te", "trailer");

    private final ObjectDispatcher dispatcher;
    private final WebSocketHub hub;
    private final long maxBodyBytes;

    DataPlaneHandler(ObjectDispatcher dispatcher, WebSocketHub hub, long maxBodyBytes) {
        this.dispatcher = dispatcher;
        this.hub = hub;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void handle(HttpServerRequest req) {
        ObjectPath path;
        try {
            path = ObjectPath.parse(req.path(), PREFIX);
        } catch (ObjectPath.BadPath e) {
            HttpErrors.send(req.response(), 400, "bad_name", e.getMessage());
            return;
        }
        String query = req.query() == null ? "" : req.query();
        Headers headers = toHeaders(req);
        boolean upgrade = headers.first("upgrade").map(v -> v.equalsIgnoreCase("websocket")).orElse(false);
        if (upgrade) {
            // The handshake completes only after the object accepted; hold the request meanwhile.
            req.pause();
            Request request = new Request(req.method().name(), path.rest(), query, headers, new byte[0]);
            dispatcher.dispatch(path.id(), request, CallChain.decode(req.getHeader("Cairn-Call-Chain")))
                    .whenComplete((resp, err) -> completeUpgrade(req, resp, err));
            return;
        }
        String declared = req.getHeader("content-length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > maxBodyBytes) {
                    tooLarge(req);
                    return;
                }
            } catch (NumberFormatException e) {
                HttpErrors.send(req.response(), 400, "bad_request", "Content-Length '" + declared + "' is not a number");
                return;
            }
        }
        Buffer body = Buffer.buffer();
        boolean[] overflow = {false};
        req.handler(chunk -> {
            if (overflow[0]) {
                return;
            }
            if ((long) body.length() + chunk.length() > maxBodyBytes) {
                overflow[0] = true;
                tooLarge(req);
                return;
            }
            body.appendBuffer(chunk);
        });
        req.exceptionHandler(err -> { });
        req.endHandler(v -> {
            if (overflow[0]) {
                return;
            }
            Request request = new Request(req.method().name(), path.rest(), query, headers, body.getBytes());
            dispatcher.dispatch(path.id(), request, CallChain.decode(req.getHeader("Cairn-Call-Chain"))).whenComplete((resp, err) -> {
                if (err != null) {
                    HttpErrors.send(req.response(), err);
                } else {
                    write(req.response(), resp);
                }
            });
        });
    }

    private void tooLarge(HttpServerRequest req) {
        HttpServerResponse resp = req.response();
        if (req.version() != io.vertx.core.http.HttpVersion.HTTP_2) {
            // The rest of the body is not read, so this connection cannot carry another request.
            resp.putHeader("connection", "close");
        }
        HttpErrors.send(resp, 413, "body_too_large", "request body exceeds the limit of " + maxBodyBytes
                + " bytes; send a smaller body (the limit is the node's --max-body-bytes)");
    }

    private void completeUpgrade(HttpServerRequest req, Response resp, Throwable err) {
        if (err != null) {
            HttpErrors.send(req.response(), err);
            return;
        }
        if (!(resp.webSocket() instanceof HostedSocket socket)) {
            write(req.response(), resp);
            return;
        }
        req.toWebSocket().onComplete(ar -> {
            if (ar.succeeded()) {
                hub.connect(socket, ar.result());
            } else {
                socket.abandonPending();
            }
        });
    }

    static void write(HttpServerResponse out, Response resp) {
        if (out.ended() || out.closed()) {
            return;
        }
        out.setStatusCode(resp.status());
        for (Map.Entry<String, String> h : resp.headers().entries()) {
            if (!NOT_FORWARDED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                out.headers().add(h.getKey(), h.getValue());
            }
        }
        out.end(Buffer.buffer(resp.body()));
    }

    static Headers toHeaders(HttpServerRequest req) {
        Headers.Builder b = Headers.builder();
        req.headers().forEach(e -> b.add(e.getKey(), e.getValue()));
        return b.build();
    }
}
