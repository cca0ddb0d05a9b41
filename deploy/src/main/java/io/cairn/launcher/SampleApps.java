package io.cairn.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The deployable JARs under {@code sample-apps/}{@code *}{@code /target/}: those holding {@code META-INF/cairn.json}. */
final class SampleApps {

    static final String MANIFEST = "META-INF/cairn.json";

    /**
     * @param jar the JAR file
     * @param app the app name its manifest declares, or null when the manifest is unreadable (the
     *     server is the judge of manifests: such a JAR is still sent, so its error is the server's)
     */
    record SampleApp(Path jar, String app) {
    }

    /**
     * The JARs of one app. dev deploys only {@code primary}; the alternates (such as
     * {@code sample-apps/tenants-v2}, the next release of tenants) are for trying an upgrade by
     * hand with {@code cairn deploy}.
     */
    record AppJars(String app, SampleApp primary, List<SampleApp> alternates) {
    }

    private SampleApps() {
    }

    /** Every sample-app JAR under {@code home}, sorted by path so dev deploys in a stable order. */
    static List<SampleApp> find(Path home) {
        Path root = home.resolve("sample-apps");
        List<SampleApp> found = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return found;
        }
        try (DirectoryStream<Path> apps = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path app : apps) {
                Path target = app.resolve("target");
                if (!Files.isDirectory(target)) {
                    continue;
                }
                try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "*.jar")) {
                    for (Path jar : jars) {
                        if (isDeployable(jar)) {
                            found.add(new SampleApp(jar, appName(jar)));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new CliException("cannot list the sample apps under " + root + ": " + e, e);
        }
        found.sort((a, b) -> a.jar().compareTo(b.jar()));
        return found;
    }

    /**
     * Groups JARs by the app they declare. The primary JAR of an app is the one in the module
     * directory named like the app ({@code sample-apps/tenants} for {@code tenants}), else the
     * first by path. A JAR whose manifest could not be read forms a group of its own.
     */
    static List<AppJars> byApp(List<SampleApp> jars) {
        Map<String, List<SampleApp>> groups = new LinkedHashMap<>();
        for (SampleApp jar : jars) {
            String key = jar.app() != null ? jar.app() : "\0" + jar.jar();
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(jar);
        }
        List<AppJars> out = new ArrayList<>();
        for (List<SampleApp> group : groups.values()) {
            SampleApp primary = group.stream()
                    .filter(j -> j.app() != null && j.jar().getParent().getParent().getFileName().toString().equals(j.app()))
                    .findFirst()
                    .orElse(group.get(0));
            List<SampleApp> alternates = group.stream().filter(j -> j != primary).toList();
            out.add(new AppJars(primary.app(), primary, alternates));
        }
        return out;
    }

    /**
     * Skips the side artefacts that would also carry the manifest: sources and test JARs, and the
     * shade plugin's pre-shading {@code original-*.jar}.
     */
    private static boolean isDeployable(Path jar) {
        String name = jar.getFileName().toString();
        if (name.startsWith("original-") || name.endsWith("-sources.jar") || name.endsWith("-javadoc.jar")
                || name.endsWith("-tests.jar")) {
            return false;
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            return zip.getEntry(MANIFEST) != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static String appName(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(MANIFEST);
            try (InputStream in = zip.getInputStream(entry)) {
                JsonNode app = AdminClient.JSON.readTree(in).path("app");
                return app.isTextual() ? app.asText() : null;
            }
        } catch (IOException e) {
            return null;
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
