package io.cairn.samples.json;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Typed, validating reads from a parsed JSON object. Every failure is a {@link JsonException} whose
 * message names the field, so a handler can pass it straight back to the client in a 400.
 */
public final class JsonObject {

    private final Map<String, Object> fields;

    public JsonObject(Map<String, Object> fields) {
        this.fields = Collections.unmodifiableMap(fields);
    }

    /** Parses {@code text}, which must be a JSON object. */
    public static JsonObject parse(String text) {
        if (Json.parse(text) instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked") // the parser makes objects with string keys only
            Map<String, Object> fields = (Map<String, Object>) map;
            return new JsonObject(fields);
        }
        throw new JsonException("expected a JSON object");
    }

    public boolean has(String name) {
        return fields.containsKey(name);
    }

    public Set<String> names() {
        return fields.keySet();
    }

    public Map<String, Object> asMap() {
        return fields;
    }

    /** The string field {@code name}; missing, null or another type is an error. */
    public String string(String name) {
        return optionalString(name).orElseThrow(() -> new JsonException("field '" + name + "' is required (a string)"));
    }

    /** The string field {@code name}, empty when missing or null. */
    public Optional<String> optionalString(String name) {
        return optional(name, String.class, "a string");
    }

    /** The integer field {@code name}; missing, null, fractional or another type is an error. */
    public long integer(String name) {
        return optionalInteger(name).orElseThrow(() -> new JsonException("field '" + name + "' is required (an integer)"));
    }

    public Optional<Long> optionalInteger(String name) {
        return optional(name, Long.class, "an integer");
    }

    /** The array field {@code name}; missing, null or another type is an error. */
    public List<Object> array(String name) {
        @SuppressWarnings("unchecked") // the parser makes List<Object> for arrays
        List<Object> array = optional(name, List.class, "an array")
                .orElseThrow(() -> new JsonException("field '" + name + "' is required (an array)"));
        return array;
    }

    private <T> Optional<T> optional(String name, Class<T> type, String description) {
        Object value = fields.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!type.isInstance(value)) {
            throw new JsonException("field '" + name + "' must be " + description);
        }
        return Optional.of(type.cast(value));
    }

    @Override
    public String toString() {
        return Json.write(fields);
    }
}
