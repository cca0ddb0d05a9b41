package io.cairn.relay.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.api.ObjectId;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;

/**
 * The content of an object's {@code meta.json}: enough to say, from the bucket alone, which object
 * a hashed key prefix belongs to and how to open its pages. Written once; a HEAD or GET on it is
 * the disaster-recovery existence check (never a LIST).
 *
 * @param created when the meta was first written (RFC 3339 in the JSON)
 */
public record ObjectMeta(String namespace, String name, int pageSize, Instant created) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public ObjectMeta {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(created, "created");
        if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
            throw new IllegalArgumentException("page size of " + namespace + "/" + name
                    + " must be a power of two between 512 and 65536, was " + pageSize);
        }
    }

    /** The meta of {@code id}. */
    public static ObjectMeta of(ObjectId id, int pageSize, Instant created) {
        return new ObjectMeta(id.namespace(), id.name(), pageSize, created);
    }

    /**
     * Reads the meta of {@code id} from the store: one GET, no LIST. Empty when the store has
     * never heard of the object (the disaster-recovery existence check).
     */
    public static Optional<ObjectMeta> fetch(ObjectStore store, ObjectLayout layout, ObjectId id) {
        String key = layout.metaKey(id);
        return store.get(key).map(json -> parse(json, key));
    }

    /** The object this meta describes. */
    public ObjectId objectId() {
        return new ObjectId(namespace, name);
    }

    /** {@code {"namespace":..,"name":..,"pageSize":..,"created":"<RFC 3339>"}} in UTF-8. */
    public byte[] toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("namespace", namespace);
        node.put("name", name);
        node.put("pageSize", pageSize);
        node.put("created", created.toString());
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write meta.json of " + namespace + "/" + name, e);
        }
    }

    /**
     * Reads a {@code meta.json}.
     *
     * @param source names the key in error messages
     */
    public static ObjectMeta parse(byte[] json, String source) {
        try {
            JsonNode node = JSON.readTree(json);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("meta " + source + " is not a JSON object");
            }
            return new ObjectMeta(text(node, "namespace", source), text(node, "name", source),
                    node.path("pageSize").asInt(-1), Instant.parse(text(node, "created", source)));
        } catch (IOException | DateTimeParseException e) {
            throw new IllegalArgumentException("meta " + source + " is not valid: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode node, String field, String source) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("meta " + source + " has no string field '" + field + "'");
        }
        return value.asText();
    }
}
