package io.cairn.runtime.http;

import io.cairn.runtime.exec.ErrorBodies;
import io.cairn.runtime.exec.ObjectFailure;
import io.vertx.core.http.HttpServerResponse;

/** Writes the platform's JSON errors onto Vert.x responses; extensions' admin routes use it too. */
public final class HttpErrors {

    /** Carries the error code of platform errors. */
    public static final String ERROR_HEADER = "Cairn-Error";

    private HttpErrors() {
    }

    public static void send(HttpServerResponse resp, int status, String code, String message) {
        if (resp.ended() || resp.closed()) {
            return;
        }
        // The code in a header too, so a forwarding node can decide to retry without parsing the body.
        resp.setStatusCode(status).putHeader("content-type", "application/json").putHeader(ERROR_HEADER, code);
        if (status == 503) {
            resp.putHeader("retry-after", "1");
        }
        if (status == 401) {
            resp.putHeader("www-authenticate", "Bearer");
        }
        resp.end(ErrorBodies.json(code, message));
    }

    static void send(HttpServerResponse resp, Throwable failure) {
        Throwable t = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (t instanceof ObjectFailure f) {
            send(resp, f.kind().status, f.kind().code, f.getMessage());
        } else {
            send(resp, 500, "internal", "the node failed to handle this request: " + ObjectFailure.describe(t));
        }
    }
}
