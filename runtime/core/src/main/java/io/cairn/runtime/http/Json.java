package io.cairn.runtime.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpServerResponse;

/** JSON responses of the admin plane. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static void send(HttpServerResponse resp, int status, Object body) {
        try {
            resp.setStatusCode(status).putHeader("content-type", "application/json").end(MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            HttpErrors.send(resp, 500, "internal", "cannot serialise the response: " + e.getMessage());
        }
    }
}
