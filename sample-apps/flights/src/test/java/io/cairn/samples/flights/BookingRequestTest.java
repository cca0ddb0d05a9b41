package io.cairn.samples.flights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.samples.json.HttpError;
import io.cairn.samples.json.JsonException;
import org.junit.jupiter.api.Test;

class BookingRequestTest {

    @Test
    void parsesAValidBody() {
        BookingRequest booking = BookingRequest.parse("{\"seat\":\"12c\",\"passenger\":\"  Ada Lovelace \"}");

        assertThat(booking.seat()).isEqualTo(new Seat(12, 'C'));
        assertThat(booking.passenger()).isEqualTo("Ada Lovelace");
    }

    @Test
    void anUnknownSeatIsItsOwnError() {
        assertThatThrownBy(() -> BookingRequest.parse("{\"seat\":\"31A\",\"passenger\":\"Ada\"}"))
                .isInstanceOfSatisfying(HttpError.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("unknown_seat");
                    assertThat(e.getMessage()).isEqualTo("no seat '31A' on this flight: seats are rows 1-30 and letters A-F");
                });
    }

    @Test
    void missingOrMistypedFieldsAreNamed() {
        assertThatThrownBy(() -> BookingRequest.parse("{\"passenger\":\"Ada\"}"))
                .isInstanceOf(JsonException.class).hasMessageContaining("'seat'");
        assertThatThrownBy(() -> BookingRequest.parse("{\"seat\":\"1A\"}"))
                .isInstanceOf(JsonException.class).hasMessageContaining("'passenger'");
        assertThatThrownBy(() -> BookingRequest.parse("{\"seat\":1,\"passenger\":\"Ada\"}"))
                .isInstanceOf(JsonException.class).hasMessageContaining("'seat'");
        assertThatThrownBy(() -> BookingRequest.parse("not json")).isInstanceOf(JsonException.class);
    }

    @Test
    void passengerNamesAreBounded() {
        String longest = "x".repeat(BookingRequest.MAX_PASSENGER_LENGTH);

        assertThat(BookingRequest.parse(body(longest)).passenger()).isEqualTo(longest);
        assertThat(BookingRequest.parse(body("😀".repeat(200))).passenger()).hasSize(400);
        for (String bad : new String[] {"", "   ", longest + "x", "Ada\\nLovelace"}) {
            assertThatThrownBy(() -> BookingRequest.parse(body(bad)))
                    .as(bad)
                    .isInstanceOfSatisfying(HttpError.class, e -> assertThat(e.getMessage()).contains("'passenger'"));
        }
    }

    private static String body(String passenger) {
        return "{\"seat\":\"1A\",\"passenger\":\"" + passenger + "\"}";
    }
}
