package io.cairn.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds deployable JARs from object classes compiled with the tests: their class files (and
 * their nested classes) plus a {@code META-INF/cairn.json} naming the namespaces.
 */
public final class TestApps {

    private TestApps() {
    }

    /** A namespace binding: namespace, class and config entries. */
    public record Ns(String namespace, Class<?> type, Map<String, String> config) {
        public static Ns of(String namespace, Class<?> type) {
            return new Ns(namespace, type, Map.of());
        }

        public Ns with(String key, String value) {
            Map<String, String> c = new LinkedHashMap<>(config);
            c.put(key, value);
            return new Ns(namespace, type, c);
        }
    }

    public static byte[] jar(String app, Ns... namespaces) {
        StringBuilder json = new StringBuilder("{\"app\":\"" + app + "\",\"namespaces\":{");
        for (int i = 0; i < namespaces.length; i++) {
            Ns ns = namespaces[i];
            json.append(i == 0 ? "" : ",").append('"').append(ns.namespace()).append("\":{\"class\":\"")
                    .append(ns.type().getName()).append('"');
            if (!ns.config().isEmpty()) {
                json.append(",\"config\":{").append(ns.config().entrySet().stream()
                        .map(e -> "\"" + e.getKey() + "\":\"" + e.getValue() + "\"").collect(Collectors.joining(","))).append('}');
            }
            json.append('}');
        }
        json.append("}}");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/cairn.json", json.toString().getBytes(StandardCharsets.UTF_8));
        for (Ns ns : namespaces) {
            addClassFiles(ns.type(), entries);
        }
        return jar(entries);
    }

    /** A JAR with exactly these entries. */
    public static byte[] jar(Map<String, byte[]> entries) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(e.getKey()));
                jar.write(e.getValue());
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Adds {@code type}'s class file and those of its nested and anonymous classes, from a directory or a JAR. */
    public static void addClassFiles(Class<?> type, Map<String, byte[]> entries) {
        String base = type.getName().replace('.', '/');
        String dir = base.substring(0, base.lastIndexOf('/') + 1);
        String simple = type.getSimpleName();
        try {
            java.net.URL url = type.getResource(simple + ".class");
            if ("jar".equals(url.getProtocol())) {
                String jarPath = url.getPath().substring("file:".length(), url.getPath().indexOf("!/"));
                try (java.util.jar.JarFile jar = new java.util.jar.JarFile(java.net.URLDecoder.decode(jarPath, StandardCharsets.UTF_8))) {
                    for (JarEntry e : java.util.Collections.list(jar.entries())) {
                        String n = e.getName();
                        if (n.startsWith(dir) && n.indexOf('/', dir.length()) < 0 && isOwnClassFile(n.substring(dir.length()), simple)) {
                            entries.put(n, jar.getInputStream(e).readAllBytes());
                        }
                    }
                }
                return;
            }
            Path file = Path.of(url.toURI());
            try (Stream<Path> siblings = Files.list(file.getParent())) {
                for (Path p : siblings.toList()) {
                    String n = p.getFileName().toString();
                    if (isOwnClassFile(n, simple)) {
                        entries.put(dir + n, Files.readAllBytes(p));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isOwnClassFile(String fileName, String simpleName) {
        return fileName.equals(simpleName + ".class") || (fileName.startsWith(simpleName + "$") && fileName.endsWith(".class"));
    }

    static byte[] read(InputStream in) throws IOException {
        return in.readAllBytes();
    }
}
