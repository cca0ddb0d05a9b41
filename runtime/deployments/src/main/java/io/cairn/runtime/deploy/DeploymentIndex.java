package io.cairn.runtime.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The store's persistent record: {@code index.json}, listing every committed deployment oldest
 * first with the name of its JAR file. Rewritten whole and atomically on every deployment; its
 * rename is the commit point of a deployment (a JAR file it does not name is an aborted attempt).
 *
 * <pre>{@code
 * {"format":1,"deployments":[{"id":"dep-000001-3f2a9c0d1e4b","version":1,"app":"rooms",
 *   "deployedAt":"2025-01-01T00:00:00Z","sha256":"3f2a...","sizeBytes":12345,
 *   "jar":"dep-000001-3f2a9c0d1e4b-5d1c8e2a.jar",
 *   "namespaces":{"rooms":{"class":"io.cairn.samples.rooms.Room","config":{"historyLimit":"100"}}},
 *   "assets":"public"}]}
 * }</pre>
 */
final class DeploymentIndex {

    static final String FILE = "index.json";
    private static final int FORMAT = 1;
    /** A plain file name: a damaged index must not point the store outside its directory. */
    private static final java.util.regex.Pattern JAR_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*\\.jar");
    private static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    /** One deployment and its JAR file's name in the store's {@code jars} directory. */
    record Entry(Deployment deployment, String jarFile) {
    }

    private DeploymentIndex() {
    }

    /** The entries in {@code file}, oldest first; none when the file does not exist yet. */
    static List<Entry> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        JsonNode root = MAPPER.readTree(file.toFile());
        if (root == null || root.path("format").asInt(-1) != FORMAT) {
            throw new IOException(file + " is not a deployment index of format " + FORMAT);
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode d : root.path("deployments")) {
            String jar = text(d, "jar");
            if (!JAR_NAME.matcher(jar).matches()) {
                throw new IOException("corrupt deployment entry in the index, bad JAR file name: " + d);
            }
            entries.add(new Entry(deployment(d), jar));
        }
        return List.copyOf(entries);
    }

    static void write(Path file, List<Entry> entries) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("format", FORMAT);
        ArrayNode list = root.putArray("deployments");
        for (Entry e : entries) {
            Deployment d = e.deployment();
            ObjectNode n = list.addObject();
            n.put("id", d.id());
            n.put("version", d.version());
            n.put("app", d.app());
            n.put("deployedAt", d.deployedAt().toString());
            n.put("sha256", d.sha256());
            n.put("sizeBytes", d.sizeBytes());
            n.put("jar", e.jarFile());
            ObjectNode namespaces = n.putObject("namespaces");
            d.namespaces().forEach((ns, spec) -> {
                ObjectNode s = namespaces.putObject(ns);
                s.put("class", spec.className());
                ObjectNode config = s.putObject("config");
                spec.config().forEach(config::put);
            });
            d.assets().ifPresent(a -> n.put("assets", a));
        }
        AtomicFiles.write(file, MAPPER.writeValueAsBytes(root));
    }

    private static Deployment deployment(JsonNode n) throws IOException {
        Map<String, NamespaceSpec> namespaces = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : n.path("namespaces").properties()) {
            Map<String, String> config = new LinkedHashMap<>();
            e.getValue().path("config").properties().forEach(c -> config.put(c.getKey(), c.getValue().asText()));
            namespaces.put(e.getKey(), new NamespaceSpec(text(e.getValue(), "class"), config));
        }
        JsonNode assets = n.get("assets");
        try {
            return new Deployment(text(n, "id"), n.path("version").asLong(), text(n, "app"),
                    Instant.parse(text(n, "deployedAt")), text(n, "sha256"), n.path("sizeBytes").asLong(),
                    namespaces, assets == null || assets.isNull() ? Optional.empty() : Optional.of(assets.asText()));
        } catch (RuntimeException e) {
            throw new IOException("corrupt deployment entry in the index: " + n, e);
        }
    }

    private static String text(JsonNode n, String field) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IOException("corrupt deployment entry in the index, no '" + field + "': " + n);
        }
        return v.textValue();
    }
}
