package io.cairn.samples.json;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.Response;
import org.junit.jupiter.api.Test;

class JsonResponsesTest {

    @Test
    void errorsHaveThePlatformShape() {
        Response response = JsonResponses.error(new HttpError(409, "seat_taken", "seat 1A is already booked"));

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.headers().first("content-type")).contains("application/json");
        assertThat(response.bodyAsString())
                .isEqualTo("{\"error\":{\"code\":\"seat_taken\",\"message\":\"seat 1A is already booked\"}}");
    }

    @Test
    void methodNotAllowedListsTheAllowedMethods() {
        Response response = JsonResponses.methodNotAllowed("PATCH", "GET", "PUT");

        assertThat(response.status()).isEqualTo(405);
        assertThat(response.headers().first("allow")).contains("GET, PUT");
        assertThat(response.bodyAsString()).contains("\"method_not_allowed\"", "PATCH is not allowed here; use GET, PUT");
    }
}
