package io.cairn.samples.json;

import io.cairn.api.Response;

/**
 * JSON HTTP responses. Errors use the same shape as the platform's own errors,
 * {@code {"error":{"code":"...","message":"..."}}}, so clients handle one format.
 */
public final class JsonResponses {

    private JsonResponses() {
    }

    public static Response ok(Object body) {
        return json(200, body);
    }

    public static Response created(Object body) {
        return json(201, body);
    }

    public static Response json(int status, Object body) {
        return Response.json(status, Json.write(body));
    }

    public static Response noContent() {
        return Response.status(204);
    }

    public static Response error(int status, String code, String message) {
        return json(status, Json.object("error", Json.object("code", code, "message", message)));
    }

    public static Response error(HttpError error) {
        return error(error.status(), error.code(), error.getMessage());
    }

    /** 400 for a body that is not valid JSON or lacks a field; the message names the problem. */
    public static Response badRequest(JsonException error) {
        return error(400, "bad_request", error.getMessage());
    }

    public static Response notFound(String path) {
        return error(404, "not_found", "no route for " + (path.isEmpty() ? "/" : path));
    }

    /** 405 with the {@code Allow} header listing the methods the path does take. */
    public static Response methodNotAllowed(String method, String... allowed) {
        String allow = String.join(", ", allowed);
        return Response.builder(405)
                .header("content-type", "application/json")
                .header("allow", allow)
                .body(Json.write(Json.object("error", Json.object(
                        "code", "method_not_allowed",
                        "message", method + " is not allowed here; use " + allow))))
                .build();
    }
}
