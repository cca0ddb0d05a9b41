package io.cairn.samples.json;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes JSON (RFC 8259) with plain Java values, so an app needs no library beyond the
 * JDK: objects are {@code Map<String, Object>} (insertion-ordered), arrays {@code List<Object>},
 * strings {@code String}, numbers {@code Long} when integral and in range else {@code Double},
 * booleans {@code Boolean} and null {@code null}.
 */
public final class Json {

    private Json() {
    }

    /** Parses one JSON value; anything after it but whitespace is an error. */
    public static Object parse(String text) {
        return new JsonParser(text).parseDocument();
    }

    /**
     * Writes {@code value} as compact JSON. Accepts what {@link #parse} returns plus any
     * {@link Number}, {@link CharSequence}, {@link Iterable} and array of objects; maps must have
     * string keys.
     */
    public static String write(Object value) {
        StringBuilder out = new StringBuilder();
        JsonWriter.write(value, out);
        return out.toString();
    }

    /**
     * An ordered JSON object from alternating keys and values:
     * {@code Json.object("seat", "12C", "passenger", null)}.
     */
    public static Map<String, Object> object(Object... keysAndValues) {
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Json.object takes key, value pairs; got an odd count");
        }
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (!(keysAndValues[i] instanceof String key)) {
                throw new IllegalArgumentException("key at position " + i + " is not a String: " + keysAndValues[i]);
            }
            object.put(key, keysAndValues[i + 1]);
        }
        return object;
    }
}
