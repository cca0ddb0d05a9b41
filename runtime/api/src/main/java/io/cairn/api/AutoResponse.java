package io.cairn.api;

import java.util.Objects;

/**
 * A request/response pair the node answers without waking the object (e.g. "ping" → "pong").
 * Each side is at most 2,048 characters.
 */
public record AutoResponse(String request, String response) {

    public static final int MAX_LENGTH = 2048;

    public AutoResponse {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
        if (request.length() > MAX_LENGTH || response.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("auto-response request and response are limited to " + MAX_LENGTH + " characters");
        }
    }
}
