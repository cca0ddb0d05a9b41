package io.cairn.runtime.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Checks the container level of a deployment JAR: that it is a zip, that it holds a valid
 * {@code META-INF/cairn.json}, and that the assets directory it names exists. Classes are
 * checked afterwards by {@link NamespaceLoader}, which needs the manifest.
 */
final class JarInspector {

    /** A manifest is a few hundred bytes; the cap stops a compressed bomb posing as one. */
    static final int MAX_MANIFEST_BYTES = 1 << 20;

    private static final byte[][] ZIP_MAGIC = {{'P', 'K', 3, 4}, {'P', 'K', 5, 6}};

    private JarInspector() {
    }

    /**
     * A cheap first look at the bytes, so a body that is obviously not a JAR (JSON, HTML, a
     * truncated upload) is refused before anything is written to disk.
     */
    static void checkLooksLikeZip(byte[] bytes) throws DeploymentRejectedException {
        for (byte[] magic : ZIP_MAGIC) {
            if (bytes.length >= magic.length && java.util.Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length)) {
                return;
            }
        }
        throw new DeploymentRejectedException("not_a_jar", "the body is not a JAR: a JAR is a zip file and starts with the bytes 'PK'"
                + (bytes.length == 0 ? " (the body is empty)" : ""));
    }

    /** Reads and validates the manifest of the JAR at {@code jar}. */
    static DeploymentManifest inspect(Path jar) throws DeploymentRejectedException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            DeploymentManifest manifest = DeploymentManifest.parse(readManifest(zip));
            if (manifest.assets().isPresent()) {
                checkAssetsPresent(zip, manifest.assets().get());
            }
            return manifest;
        } catch (ZipException e) {
            throw new DeploymentRejectedException("not_a_jar", "the body is not a readable JAR (zip) file: " + e.getMessage());
        } catch (IOException e) {
            throw new DeploymentRejectedException("not_a_jar", "the JAR could not be read: " + e.getMessage());
        }
    }

    private static byte[] readManifest(ZipFile zip) throws IOException, DeploymentRejectedException {
        ZipEntry entry = zip.getEntry(DeploymentManifest.PATH);
        if (entry == null || entry.isDirectory()) {
            throw new DeploymentRejectedException("no_manifest", "the JAR has no " + DeploymentManifest.PATH
                    + ": add one naming the app and its namespaces, e.g. {\"app\":\"counter\",\"namespaces\":"
                    + "{\"counter\":{\"class\":\"com.example.Counter\"}}} (see docs/deployments.md)");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes(MAX_MANIFEST_BYTES + 1);
            if (bytes.length > MAX_MANIFEST_BYTES) {
                throw new DeploymentRejectedException("bad_manifest", DeploymentManifest.PATH + " is larger than "
                        + MAX_MANIFEST_BYTES + " bytes");
            }
            return bytes;
        }
    }

    private static void checkAssetsPresent(ZipFile zip, String dir) throws DeploymentRejectedException {
        String prefix = dir + "/";
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
            ZipEntry entry = e.nextElement();
            if (!entry.isDirectory() && entry.getName().startsWith(prefix)) {
                return;
            }
        }
        throw new DeploymentRejectedException("assets_not_found", DeploymentManifest.PATH + " names assets directory '"
                + dir + "' but the JAR has no files under " + prefix);
    }
}
