package io.cairn.router.forward;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;

/**
 * An owner's answer that announced a short body (at most {@link HttpExchange#SHORT_ANSWER_BYTES}), or none:
 * collected whole, then written to the client with one {@code end()}, so status line, headers and body
 * leave in a single write and flush. Nothing reaches the client before the owner's answer is complete,
 * so an owner that breaks off can still be reported as a proper 503 {@code owner_unreachable}.
 *
 * <p>A client that leaves meanwhile does not reset the upstream request: the few bytes left are read to
 * their end, which keeps the pooled connection to the owner usable.
 *
 * <p>Threading: the exchange's event loop only.
 */
final class ShortAnswer {

    private final HttpExchange exchange;
    private final ForwardTarget.Remote target;
    private final HttpClientResponse resp;
    private final HttpServerResponse out;
    private final boolean hasBody;
    private Buffer body;
    /** Whether {@link #body} is the first chunk itself (copied only when a second one follows). */
    private boolean bodyIsChunk;

    ShortAnswer(HttpExchange exchange, ForwardTarget.Remote target, HttpClientResponse resp, HttpServerResponse out,
                boolean hasBody) {
        this.exchange = exchange;
        this.target = target;
        this.resp = resp;
        this.out = out;
        this.hasBody = hasBody;
    }

    void start() {
        resp.exceptionHandler(err -> exchange.shortAnswerBroken(target, err));
        resp.handler(this::chunk);
        resp.endHandler(v -> end());
    }

    private void chunk(Buffer chunk) {
        if (body == null) {
            body = chunk;
            bodyIsChunk = true;
            return;
        }
        if (bodyIsChunk) {
            int announced = (int) Math.min(HttpExchange.SHORT_ANSWER_BYTES, Math.max(0, lengthOf(resp)));
            body = Buffer.buffer(Math.max(announced, body.length() + chunk.length())).appendBuffer(body);
            bodyIsChunk = false;
        }
        body.appendBuffer(chunk);
    }

    private void end() {
        exchange.shortAnswerDone();
        if (out.closed() || out.ended()) {
            return; // the client left; the owner's connection is clean and back in the pool
        }
        out.setStatusCode(resp.statusCode()).setStatusMessage(resp.statusMessage());
        ForwardHeaders.copyResponse(resp.headers(), out.headers(), true);
        if (body == null || !hasBody) {
            out.end();
        } else {
            out.end(body);
        }
    }

    private static long lengthOf(HttpClientResponse resp) {
        String v = resp.getHeader("content-length");
        try {
            return v == null ? 0 : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
