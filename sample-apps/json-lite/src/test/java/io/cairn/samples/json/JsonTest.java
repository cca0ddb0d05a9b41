package io.cairn.samples.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

    @Test
    void parsesEveryKindOfValue() {
        Object value = Json.parse(" {\"a\": [1, -2.5, 3e2, true, false, null], \"b\": {\"c\": \"d\"}, \"e\": {}, \"f\": []} ");

        assertThat(value).isEqualTo(Json.object(
                "a", java.util.Arrays.asList(1L, -2.5, 300.0, true, false, null),
                "b", Json.object("c", "d"),
                "e", Map.of(),
                "f", List.of()));
    }

    @Test
    void keepsObjectKeysInDocumentOrder() {
        Object object = Json.parse("{\"z\":1,\"a\":2,\"m\":3}");

        assertThat(Json.write(object)).isEqualTo("{\"z\":1,\"a\":2,\"m\":3}");
    }

    @Test
    void writesCompactJson() {
        Map<String, Object> value = Json.object("seat", "12C", "passenger", null, "row", 12, "ok", true,
                "list", List.of(1L, 2.5, "x"), "nested", Json.object());

        assertThat(Json.write(value))
                .isEqualTo("{\"seat\":\"12C\",\"passenger\":null,\"row\":12,\"ok\":true,\"list\":[1,2.5,\"x\"],\"nested\":{}}");
    }

    @Test
    void escapesWhatJsonRequires() {
        String text = "quote\" backslash\\ newline\n tab\t cr\r bell\u0007 nul\u0000 sep\u2028 slash/ é 😀";

        String json = Json.write(text);

        assertThat(json).isEqualTo("\"quote\\\" backslash\\\\ newline\\n tab\\t cr\\r bell\\u0007 nul\\u0000 sep\\u2028 slash/ é 😀\"");
        assertThat(Json.parse(json)).isEqualTo(text);
    }

    @Test
    void escapesLoneSurrogatesSoTheyRoundTrip() {
        String lone = "a\ud83d b\ude00";

        String json = Json.write(lone);

        assertThat(json).isEqualTo("\"a\\ud83d b\\ude00\"");
        assertThat(Json.parse(json)).isEqualTo(lone);
    }

    @Test
    void readsUnicodeEscapesIncludingSurrogatePairs() {
        assertThat(Json.parse("\"\\u00e9\\uD83D\\uDE00\\/\\b\\f\"")).isEqualTo("é😀/\b\f");
    }

    @Test
    void readsIntegersAsLongAndOthersAsDouble() {
        assertThat(Json.parse("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(Json.parse("-0")).isEqualTo(0L);
        assertThat(Json.parse("1.0")).isEqualTo(1.0);
        assertThat(Json.parse("1E3")).isEqualTo(1000.0);
        assertThat(Json.parse("9223372036854775808")).isEqualTo(9.223372036854775808E18);
    }

    @Test
    void writesDoublesSoTheyReadBackAsDoubles() {
        assertThat(Json.write(3.0)).isEqualTo("3.0");
        assertThat(Json.write(0.1)).isEqualTo("0.1");
        assertThat(Json.parse(Json.write(1e20))).isEqualTo(1e20);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "}", "[1,]", "{\"a\":1,}", "{a:1}", "'x'", "01", "1.", ".5", "-", "1e", "+1",
            "NaN", "Infinity", "tru", "nul", "\"abc", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"tab\there\"",
            "[1] [2]", "{\"a\" 1}", "[1 2]", "{\"a\":1 \"b\":2}", "\u00a0[]"})
    void rejectsMalformedInput(String text) {
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOf(JsonException.class).hasMessageContaining("JSON");
    }

    @Test
    void errorsSayWhere() {
        assertThatThrownBy(() -> Json.parse("{\"a\": tru}"))
                .hasMessage("invalid JSON at offset 6: unexpected 't', expected a value");
    }

    @Test
    void boundsNesting() {
        String deep = "[".repeat(JsonParser.MAX_DEPTH + 1) + "]".repeat(JsonParser.MAX_DEPTH + 1);
        String allowed = "[".repeat(JsonParser.MAX_DEPTH) + "]".repeat(JsonParser.MAX_DEPTH);

        assertThatThrownBy(() -> Json.parse(deep)).hasMessageContaining("nested deeper");
        assertThat(Json.parse(allowed)).isInstanceOf(List.class);
    }

    @Test
    void refusesValuesJsonCannotHold() {
        assertThatThrownBy(() -> Json.write(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.write(Map.of(1, "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.write(new Object())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randomDocumentsRoundTrip() {
        Random random = new Random(42);
        for (int i = 0; i < 2_000; i++) {
            Object value = randomValue(random, 0);

            assertThat(Json.parse(Json.write(value))).as("round trip of %s", value).isEqualTo(value);
        }
    }

    private static Object randomValue(Random random, int depth) {
        int kind = random.nextInt(depth > 4 ? 5 : 7);
        return switch (kind) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> random.nextLong() >> random.nextInt(64);
            case 3 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20) + 0.5;
            case 4 -> randomString(random);
            case 5 -> {
                List<Object> list = new ArrayList<>();
                for (int n = random.nextInt(5); n > 0; n--) {
                    list.add(randomValue(random, depth + 1));
                }
                yield list;
            }
            default -> {
                Map<String, Object> map = new LinkedHashMap<>();
                for (int n = random.nextInt(5); n > 0; n--) {
                    map.put(randomString(random), randomValue(random, depth + 1));
                }
                yield map;
            }
        };
    }

    /** Strings drawn from every awkward range: controls, quotes, escapes, BMP, astral and lone surrogates. */
    private static String randomString(Random random) {
        char[] pool = {'a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\t', '\u0000', '\u001f', '\u007f', 'é', '€',
                '\u2028', '\ufeff', '\ud83d', '\ude00', '\uffff'};
        StringBuilder s = new StringBuilder();
        for (int n = random.nextInt(12); n > 0; n--) {
            s.append(pool[random.nextInt(pool.length)]);
        }
        return s.toString();
    }
}
