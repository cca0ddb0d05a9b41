package io.cairn.router.forward;

import io.cairn.runtime.http.HttpErrors;
import io.vertx.core.Future;
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
 * owner answers, and passes that answer back: a short one ({@link #SHORT_ANSWER_BYTES}, announced by its
 * {@code Content-Length}) read whole and written with one {@code end}, anything else streamed with
 * backpressure.
 *
 * <p>Threading: created and driven on the request's event loop; the client's callbacks arrive on the same
 * context.
 */
final class HttpExchange extends Attempts {

    /**
     * Answers announcing at most this many bytes are collected and written with a single {@code end()}:
     * headers and body leave in one write and flush, without the pipe's pause/resume/drain handlers.
     * Larger or unannounced answers (downloads, server-sent events) are piped with backpressure.
     */
    static final int SHORT_ANSWER_BYTES = 64 * 1024;

    private final HttpClient client;
    private final String uri;
    private Buffer body;
    /** Whether the first chunk is the body buffer itself (not yet copied; see {@link #received}). */
    private boolean bodyIsChunk;
    private boolean overflow;
    /** Set once the owner's answer was passed on (or given up); a later client close must not reset anything. */
    private boolean finished;

    HttpExchange(Vertx vertx, HttpClient client, ForwarderOptions options, HttpServerRequest req,
                 IntFunction<ForwardTarget> resolve) {
        super(vertx, options, req, resolve);
        this.client = client;
        String raw = req.uri();
        // The request line's own target when it is origin-form (the usual case): no string building.
        this.uri = raw.startsWith("/") ? raw : req.query() == null ? req.path() : req.path() + "?" + req.query();
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
        req.handler(this::received);
        req.exceptionHandler(err -> { });
        req.endHandler(v -> {
            if (!overflow) {
                if (body == null) {
                    body = Buffer.buffer(0);
                }
                next();
            }
        });
        req.resume(); // in case the caller paused it while deciding to forward
    }

    /**
     * Keeps the body for retries. Most bodies arrive in one chunk, which Vert.x hands over as a buffer of
     * its own: that one is kept as it is, and copied only when a second chunk follows.
     */
    private void received(Buffer chunk) {
        if (overflow) {
            return;
        }
        long have = body == null ? 0 : body.length();
        if (have + chunk.length() > options.maxBodyBytes()) {
            overflow = true;
            tooLarge();
            return;
        }
        if (body == null) {
            body = chunk;
            bodyIsChunk = true;
        } else {
            if (bodyIsChunk) {
                body = Buffer.buffer((int) Math.min(options.maxBodyBytes(), 2L * (have + chunk.length())))
                        .appendBuffer(body);
                bodyIsChunk = false;
            }
            body.appendBuffer(chunk);
        }
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
                .setConnectTimeout(options.connectTimeout().toMillis())
                .setIdleTimeout(options.idleTimeout().toMillis());
        client.request(ro).onComplete(ar -> {
            if (ar.failed()) {
                retry(target, "could not be reached (" + describe(ar.cause()) + ")");
                return;
            }
            HttpClientRequest up = ar.result();
            // Straight into the request's own headers: a map built up front would be copied into them again.
            ForwardHeaders.copyRequest(req, options.nodeId(), false, up.headers());
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
            discard(resp); // read to its end so the connection returns to the pool
            retry(target, "answered 503 " + error);
            return;
        }
        boolean hasBody = mayHaveBody(resp.statusCode());
        long length = contentLength(resp);
        boolean isShort = !hasBody || length >= 0 && length <= SHORT_ANSWER_BYTES;
        HttpServerResponse out = req.response();
        if (out.closed() || out.ended()) {
            abandon(up, resp, isShort);
            return;
        }
        if (isShort) {
            new ShortAnswer(this, target, resp, out, hasBody).start();
        } else {
            stream(up, resp, out, length >= 0);
        }
    }

    /** The client left before the owner answered: nobody wants the answer. */
    private void abandon(HttpClientRequest up, HttpClientResponse resp, boolean isShort) {
        finished = true;
        if (isShort) {
            discard(resp); // cheaper to read a few bytes than to lose the pooled connection
        } else {
            // Possibly endless (a stream): stop the owner's transfer, which closes that connection. The
            // response's handler takes the resulting reset, which Vert.x would otherwise log as an error.
            resp.exceptionHandler(e -> { });
            up.reset();
        }
    }

    /** Streams the answer with backpressure: the owner is read only as fast as the client takes it. */
    private void stream(HttpClientRequest up, HttpClientResponse resp, HttpServerResponse out, boolean hasLength) {
        out.setStatusCode(resp.statusCode()).setStatusMessage(resp.statusMessage());
        ForwardHeaders.copyResponse(resp.headers(), out.headers(), true);
        if (!hasLength) {
            out.setChunked(true);
        }
        // The client left mid-answer: stop the owner's transfer. The close handler also runs when a kept-alive
        // connection closes long after this answer ended; the upstream request is not ours to reset then.
        out.closeHandler(v -> {
            if (!finished) {
                finished = true;
                up.reset(); // the pipe's exception handler on resp takes the reset quietly
            }
        });
        resp.pipe().endOnFailure(false).to(out).onComplete(done -> {
            boolean cut = !finished && done.failed();
            finished = true;
            if (cut) {
                // Part of the answer is out already: all that is left is to cut the client off.
                up.reset();
                if (!out.ended()) {
                    out.reset();
                }
            }
        });
    }

    /** Called by {@link ShortAnswer} when the answer was written whole (or could no longer be). */
    void shortAnswerDone() {
        finished = true;
    }

    /** The owner broke off a short answer before any of it reached the client: it got the request, so no retry. */
    void shortAnswerBroken(ForwardTarget.Remote target, Throwable cause) {
        finished = true;
        unreachable(target, "broke off its answer (" + describe(cause) + ")");
    }

    private static void discard(HttpClientResponse resp) {
        resp.exceptionHandler(e -> { });
        resp.handler(b -> { });
        resp.endHandler(v -> { });
    }

    /** The announced {@code Content-Length}, or -1 when absent or unreadable. */
    private static long contentLength(HttpClientResponse resp) {
        String v = resp.getHeader("content-length");
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private boolean mayHaveBody(int status) {
        return req.method() != HttpMethod.HEAD && status >= 200 && status != 204 && status != 304;
    }
}
