package io.cairn.runtime.deploy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cairn.api.ObjectId;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Strict reader of {@code META-INF/cairn.json}. Works on the JSON tree rather than data binding
 * so every problem gets a message naming the exact field, and so a typo ("clas", "namespace")
 * fails instead of being ignored. Duplicate keys are refused too: with them, one of two
 * namespace entries would silently win.
 */
final class ManifestParser {

    private static final String CODE = "bad_manifest";
    private static final String WHERE = DeploymentManifest.PATH + ": ";

    /** Same rule as namespaces (contract): apps and namespaces read alike in URLs and logs. */
    private static final Pattern APP = Pattern.compile("[a-z][a-z0-9-]{0,62}");
    /** A Java binary name: dot-separated identifiers; '$' allowed for nested classes. */
    private static final Pattern CLASS_NAME =
            Pattern.compile("\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

    private static final Set<String> TOP_FIELDS = Set.of("app", "namespaces", "assets");
    private static final Set<String> NAMESPACE_FIELDS = Set.of("class", "config");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ManifestParser() {
    }

    static DeploymentManifest parse(byte[] json) throws DeploymentRejectedException {
        JsonNode root = readTree(json);
        if (!root.isObject()) {
            throw bad("the manifest must be a JSON object like {\"app\": ..., \"namespaces\": {...}}");
        }
        checkFields(root, TOP_FIELDS, "the manifest");

        String app = requiredString(root, "app", "app");
        if (!APP.matcher(app).matches()) {
            throw bad("invalid app name '" + app + "': use 1 to 63 characters of a-z, 0-9 and '-', starting with a letter");
        }

        JsonNode nsNode = root.get("namespaces");
        if (nsNode == null || nsNode.isNull()) {
            throw bad("missing required field 'namespaces' (an object of namespace → {\"class\": ...})");
        }
        if (!nsNode.isObject()) {
            throw bad("field 'namespaces' must be an object of namespace → {\"class\": ...}, got " + typeOf(nsNode));
        }
        if (nsNode.isEmpty()) {
            throw bad("field 'namespaces' is empty: a deployment binds at least one namespace");
        }
        Map<String, NamespaceSpec> namespaces = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : nsNode.properties()) {
            namespaces.put(e.getKey(), namespace(e.getKey(), e.getValue()));
        }

        return new DeploymentManifest(app, namespaces, assets(root.get("assets")));
    }

    private static JsonNode readTree(byte[] json) throws DeploymentRejectedException {
        if (json == null || json.length == 0) {
            throw bad("the file is empty");
        }
        try {
            JsonNode root = MAPPER.readTree(json);
            if (root == null || root.isMissingNode()) {
                throw bad("the file holds no JSON value");
            }
            return root;
        } catch (JsonProcessingException e) {
            // Jackson names the (redacted) source inside its message; only line and column help here.
            String detail = e.getOriginalMessage().replaceAll("\\[Source: [^\\]]*?; line", "[line");
            throw bad("malformed JSON: " + detail + locationOf(e));
        } catch (IOException e) {
            throw bad("unreadable JSON: " + e.getMessage());
        }
    }

    private static NamespaceSpec namespace(String ns, JsonNode node) throws DeploymentRejectedException {
        String problem = ObjectId.namespaceProblem(ns);
        if (problem != null) {
            throw bad("namespaces: " + problem);
        }
        String path = "namespaces." + ns;
        if (!node.isObject()) {
            throw bad("field '" + path + "' must be an object like {\"class\": \"com.example.MyObject\"}, got " + typeOf(node));
        }
        checkFields(node, NAMESPACE_FIELDS, "'" + path + "'");
        String className = requiredString(node, "class", path + ".class");
        if (!CLASS_NAME.matcher(className).matches()) {
            throw bad("field '" + path + ".class' is not a Java class name: '" + className
                    + "' (use the binary name, e.g. com.example.Room or com.example.Outer$Room)");
        }
        return new NamespaceSpec(className, config(node.get("config"), path + ".config"));
    }

    private static Map<String, String> config(JsonNode node, String path) throws DeploymentRejectedException {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw bad("field '" + path + "' must be an object of string → string, got " + typeOf(node));
        }
        Map<String, String> config = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            JsonNode v = e.getValue();
            if (!v.isTextual()) {
                // Config is string → string so every value reads the same way through ObjectConfig;
                // accepting 100 for "100" would make the type depend on how the JSON was written.
                throw bad("field '" + path + "." + e.getKey() + "' must be a string, got " + typeOf(v)
                        + (v.isValueNode() && !v.isNull() ? " (write \"" + v.asText() + "\")" : ""));
            }
            config.put(e.getKey(), v.textValue());
        }
        return config;
    }

    private static Optional<String> assets(JsonNode node) throws DeploymentRejectedException {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            throw bad("field 'assets' must be a string naming a directory in the JAR, got " + typeOf(node));
        }
        String dir = node.textValue();
        while (dir.endsWith("/")) {
            dir = dir.substring(0, dir.length() - 1);
        }
        if (dir.isEmpty() || dir.startsWith("/") || dir.contains("\\") || dir.contains("//")
                || dir.chars().anyMatch(Character::isISOControl)) {
            throw bad("field 'assets' must be a relative directory in the JAR like \"public\", got '" + node.textValue() + "'");
        }
        for (String segment : dir.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                throw bad("field 'assets' may not contain '.' or '..' segments, got '" + node.textValue() + "'");
            }
        }
        if (dir.equals("META-INF") || dir.startsWith("META-INF/")) {
            throw bad("field 'assets' may not point into META-INF, got '" + node.textValue() + "'");
        }
        return Optional.of(dir);
    }

    private static void checkFields(JsonNode node, Set<String> allowed, String where) throws DeploymentRejectedException {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            if (!allowed.contains(name)) {
                throw bad("unknown field '" + name + "' in " + where + "; allowed fields are "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    private static String requiredString(JsonNode node, String field, String path) throws DeploymentRejectedException {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw bad("missing required field '" + path + "'");
        }
        if (!v.isTextual()) {
            throw bad("field '" + path + "' must be a string, got " + typeOf(v));
        }
        return v.textValue();
    }

    private static String typeOf(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case STRING -> "a string";
            case NULL, MISSING -> "null";
            case BINARY -> "binary data";
        };
    }

    private static String locationOf(JsonProcessingException e) {
        var loc = e.getLocation();
        return loc == null || loc.getLineNr() < 0 ? "" : " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }

    private static DeploymentRejectedException bad(String message) {
        return new DeploymentRejectedException(CODE, WHERE + message);
    }
}
