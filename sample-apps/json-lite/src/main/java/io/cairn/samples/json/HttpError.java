package io.cairn.samples.json;

/**
 * An error to answer with instead of a normal response: an HTTP status, a stable machine-readable
 * code and a message for people. Throw it from deep inside a handler; the handler's top level
 * turns it into a response with {@link JsonResponses#error(HttpError)}.
 */
public class HttpError extends RuntimeException {

    private final int status;
    private final String code;

    public HttpError(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public static HttpError badRequest(String message) {
        return new HttpError(400, "bad_request", message);
    }

    public static HttpError notFound(String message) {
        return new HttpError(404, "not_found", message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
