package io.cairn.samples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.runtime.TestNode;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;

/** Requests the node's own test client lacks (PUT, DELETE, JSON bodies) and checks of JSON answers. */
final class Http {

    private Http() {
    }

    static HttpResponse<String> send(TestNode node, String method, String path, String body) {
        HttpRequest.BodyPublisher publisher = body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(node.uri(path)).method(method, publisher);
        if (body != null) {
            request.header("content-type", "application/json");
        }
        return node.send(request);
    }

    static HttpResponse<String> post(TestNode node, String path, Object json) {
        return send(node, "POST", path, Json.write(json));
    }

    static HttpResponse<String> put(TestNode node, String path, Object json) {
        return send(node, "PUT", path, Json.write(json));
    }

    static HttpResponse<String> delete(TestNode node, String path) {
        return send(node, "DELETE", path, null);
    }

    /** The JSON body of a response that must have {@code status}. */
    static JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as("status of %s %s, body %s", response.request().method(),
                response.uri(), response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).as("content-type of " + response.uri())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        return Json.parse(response.body());
    }

    /** Checks an error in the platform's shape, {@code {"error":{"code":..,"message":..}}}; returns the message. */
    static String error(HttpResponse<String> response, int status, String code) {
        JsonNode error = json(response, status).path("error");
        assertThat(error.path("code").asText()).as("error code in " + response.body()).isEqualTo(code);
        assertThat(error.path("message").asText()).as("error message in " + response.body()).isNotBlank();
        return error.path("message").asText();
    }
}
