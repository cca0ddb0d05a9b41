package io.cairn.runtime.exec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.api.Headers;
import io.cairn.api.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The platform's JSON error body: {@code {"error":{"code":"...","message":"..."}}}. */
public final class ErrorBodies {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorBodies() {
    }

    public static String json(String code, String message) {
        try {
            return JSON.writeValueAsString(Map.of("error", Map.of("code", code, "message", message == null ? "" : message)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise an error body", e);
        }
    }

    /** An error response; 503s carry {@code Retry-After} as the contract requires. */
    public static Response response(int status, String code, String message) {
        Headers h = status == 503 ? Headers.of("content-type", "application/json", "retry-after", "1")
                : Headers.of("content-type", "application/json");
        return new Response(status, h, json(code, message).getBytes(StandardCharsets.UTF_8), null);
    }
}
