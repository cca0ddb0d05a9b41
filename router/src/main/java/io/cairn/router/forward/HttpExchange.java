package io.cairn.router.forward;

import io.cairn.runtime.http.HttpErrors;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.util.function.IntFunction;

/**
 * One plain HTTP request forwarded to its owner: reads the body under the limit, then attempts until an
 * owner answers, and streams that answer back with backpressure.
 *
 * <p>Threading: created and driven on the request's event loop; the client's callbacks arrive on the same
 * context.
 */
final class HttpExchange extends Attempts {

    private final HttpClient client;
    private final String uri;
    private final MultiMap headers;
    private Buffer body;

    HttpExchange(Vertx vertx, HttpClient client, ForwarderOptions options, HttpServerRequest req,
                 IntFunction<ForwardTarget> resolve) {
        super(vertx, options, req, resolve);
        this.client = client;
        this.uri = req.query() == null ? req.path() : req.path() + "?" + req.query();
        this.headers = ForwardHeaders.upstreamRequest(req, options.nodeId(), false);
    }

    void start() {
        String declared = req.getHeader("content-length");
        if (declared != null) {
            try {
                if (Long.parseLong(declared.trim()) > options.maxBodyBytes()) {
                    tooLarge();
                    return;
                }
            } catch (NumberFormatException e) {
                HttpErrors.send(req.response(), 400, "bad_request", "Content-Length '" + declared + "' is not a number");
                return;
            }
        }
        if ("100-continue".equalsIgnoreCase(req.getHeader("expect")) && req.version() != HttpVersion.HTTP_1_0) {
            // The body is read here, not by the owner, so this node answers the client's expectation.
            req.response().writeContinue();
        }
        Buffer received = Buffer.buffer();
        boolean[] overflow = {false};
        req.handler(chunk -> {
            if (overflow[0]) {
                return;
            }
            if ((long) received.length() + chunk.length() > options.maxBodyBytes()) {
                overflow[0] = true;
                tooLarge();
                return;
            }
            received.appendBuffer(chunk);
        });
        req.exceptionHandler(err -> { });
        req.endHandler(v -> {
            if (!overflow[0]) {
                body = received;
                next();
            }
        });
        req.resume(); // in case the caller paused it while deciding to forward
    }

    private void tooLarge() {
        HttpServerResponse resp = req.response();
        if (req.version() != HttpVersion.HTTP_2) {
            // The rest of the body is not read, so this connection cannot carry another request.
            resp.putHeader("connection", "close");
        }
        HttpErrors.send(resp, 413, "body_too_large", "request body exceeds the limit of " + options.maxBodyBytes()
                + " bytes; send a smaller body (the limit is the node's --max-body-bytes)");
    }

    @Override
    protected void attempt(ForwardTarget.Remote target, int attempt) {
        RequestOptions ro = new RequestOptions()
                .setMethod(req.method())
                .setHost(target.host())
                .setPort(target.port())
                .setURI(uri)
                .setHeaders(headers)
                .setConnectTimeout(options.connectTimeout().toMillis())
                .setIdleTimeout(options.idleTimeout().toMillis());
        client.request(ro).onComplete(ar -> {
            if (ar.failed()) {
                retry(target, "could not be reached (" + describe(ar.cause()) + ")");
                return;
            }
            HttpClientRequest up = ar.result();
            Future<Void> sent = up.end(body);
            up.response().onComplete(r -> {
                if (r.succeeded()) {
                    answer(target, up, r.result());
                } else {
                    // Only a request that never fully left can be repeated: the owner may have run a whole one.
                    sent.onComplete(s -> {
                        if (s.succeeded()) {
                            unreachable(target, "did not answer (" + describe(r.cause()) + ")");
                        } else {
                            retry(target, "dropped the connection while the request was sent ("
                                    + describe(s.cause()) + ")");
                        }
                    });
                }
            });
        });
    }

    private void answer(ForwardTarget.Remote target, HttpClientRequest up, HttpClientResponse resp) {
        String error = resp.getHeader(ForwardHeaders.ERROR);
        if (resp.statusCode() == 503 && ForwardHeaders.retryableError(error)) {
            resp.handler(b -> { }); // drain it so the connection returns to the pool
            resp.exceptionHandler(e -> { });
            retry(target, "answered 503 " + error);
            return;
        }
        HttpServerResponse out = req.response();
        if (out.closed() || out.ended()) {
            up.reset();
            return;
        }
        boolean hasLength = resp.headers().contains("content-length");
        out.setStatusCode(resp.statusCode()).setStatusMessage(resp.statusMessage());
        ForwardHeaders.copyResponse(resp.headers(), out.headers(), true);
        if (!hasLength && mayHaveBody(resp.statusCode())) {
            out.setChunked(true);
        }
        out.closeHandler(v -> up.reset()); // the client left mid-answer: stop the owner's transfer
        resp.pipe().endOnFailure(false).to(out).onFailure(err -> {
            // Part of the answer is out already: all that is left is to cut the client off.
            up.reset();
            if (!out.ended()) {
                out.reset();
            }
        });
    }

    private boolean mayHaveBody(int status) {
        return req.method() != HttpMethod.HEAD && status >= 200 && status != 204 && status != 304;
    }
}
