package io.cairn.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * Packs bench object classes into a deployment JAR: {@code META-INF/cairn.json} plus each class
 * file, read from the harness's own class path (a directory or the bench JAR alike). The classes
 * must be top-level with no nested or anonymous classes (see {@code io.cairn.bench.objects}).
 */
public final class AppJar {

    private AppJar() {
    }

    /** @param namespaces namespace → object class, in manifest order */
    public static byte[] of(String app, Map<String, Class<?>> namespaces) {
        StringBuilder json = new StringBuilder("{\"app\":\"").append(app).append("\",\"namespaces\":{");
        boolean first = true;
        for (Map.Entry<String, Class<?>> e : namespaces.entrySet()) {
            json.append(first ? "" : ",").append('"').append(e.getKey()).append("\":{\"class\":\"")
                    .append(e.getValue().getName()).append("\"}");
            first = false;
        }
        json.append("}}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out)) {
            put(jar, "META-INF/cairn.json", json.toString().getBytes(StandardCharsets.UTF_8));
            for (Class<?> type : namespaces.values()) {
                String entry = type.getName().replace('.', '/') + ".class";
                try (InputStream in = AppJar.class.getClassLoader().getResourceAsStream(entry)) {
                    if (in == null) {
                        throw new IllegalStateException("class file " + entry + " not found on the class path");
                    }
                    put(jar, entry, in.readAllBytes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void put(JarOutputStream jar, String name, byte[] bytes) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        jar.write(bytes);
        jar.closeEntry();
    }
}
