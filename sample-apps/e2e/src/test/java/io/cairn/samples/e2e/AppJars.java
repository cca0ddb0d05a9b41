package io.cairn.samples.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sample apps' deployable JARs as their own modules build them. This module's surefire
 * configuration names each one ({@code cairn.e2e.jar.<app>}); run from an IDE, the same
 * {@code ../<app>/target/<app>.jar} is used.
 */
final class AppJars {

    private AppJars() {
    }

    static byte[] flights() {
        return read("flights");
    }

    static byte[] tenants() {
        return read("tenants");
    }

    static byte[] tenantsV2() {
        return read("tenants-v2");
    }

    static byte[] rooms() {
        return read("rooms");
    }

    private static byte[] read(String app) {
        String configured = System.getProperty("cairn.e2e.jar." + app);
        Path jar = configured != null ? Path.of(configured) : Path.of("..", app, "target", app + ".jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar.toAbsolutePath().normalize() + ": build the app first, e.g. "
                    + "mvn -pl sample-apps/json-lite,sample-apps/" + app + " install");
        }
        try {
            return Files.readAllBytes(jar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
