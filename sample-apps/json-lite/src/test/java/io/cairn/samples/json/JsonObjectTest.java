package io.cairn.samples.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JsonObjectTest {

    private final JsonObject body = JsonObject.parse(
            "{\"seat\":\"12C\",\"count\":3,\"ratio\":0.5,\"ops\":[1,\"a\"],\"none\":null}");

    @Test
    void readsTypedFields() {
        assertThat(body.string("seat")).isEqualTo("12C");
        assertThat(body.integer("count")).isEqualTo(3L);
        assertThat(body.array("ops")).isEqualTo(List.of(1L, "a"));
        assertThat(body.optionalString("none")).isEmpty();
        assertThat(body.optionalString("absent")).isEmpty();
        assertThat(body.names()).containsExactly("seat", "count", "ratio", "ops", "none");
    }

    @Test
    void namesTheFieldThatIsMissingOrOfTheWrongType() {
        assertThatThrownBy(() -> body.string("passenger")).hasMessage("field 'passenger' is required (a string)");
        assertThatThrownBy(() -> body.string("count")).hasMessage("field 'count' must be a string");
        assertThatThrownBy(() -> body.integer("ratio")).hasMessage("field 'ratio' must be an integer");
        assertThatThrownBy(() -> body.array("seat")).hasMessage("field 'seat' must be an array");
        assertThatThrownBy(() -> body.string("none")).hasMessage("field 'none' is required (a string)");
    }

    @Test
    void requiresAnObjectAtTheTop() {
        assertThatThrownBy(() -> JsonObject.parse("[1]")).isInstanceOf(JsonException.class).hasMessage("expected a JSON object");
        assertThatThrownBy(() -> JsonObject.parse("")).isInstanceOf(JsonException.class);
    }
}
