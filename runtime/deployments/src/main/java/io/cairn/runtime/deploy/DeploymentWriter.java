package io.cairn.runtime.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Validates and writes one deployment to a store's directory: JAR file, manifest, classes and
 * constructor check, then the index rename that commits it. Either it commits and hands back
 * what the store must publish, or it throws having removed everything it wrote.
 *
 * <p>Stateless. The caller ({@link DeploymentStore}) holds its deploy lock around each call, so
 * {@code entries} cannot change underneath.
 */
final class DeploymentWriter {

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A committed deployment, not yet visible to readers.
     *
     * @param deployment the deployment
     * @param entries    the store's whole index after the commit
     * @param loaded     its class loader and namespaces (owned by the store from now on)
     * @param assets     its assets, or null when the manifest names none
     */
    record Committed(Deployment deployment, List<DeploymentIndex.Entry> entries, LoadedDeployment loaded,
                     AssetSource assets) {
    }

    private DeploymentWriter() {
    }

    /** Checks that need no lock and no disk, so junk is refused cheaply. */
    static void precheck(byte[] jarBytes, long maxJarBytes) throws DeploymentRejectedException {
        if (jarBytes.length > maxJarBytes) {
            throw new DeploymentRejectedException("too_large", "the JAR is " + jarBytes.length
                    + " bytes; this node accepts JARs of at most " + maxJarBytes + " bytes");
        }
        JarInspector.checkLooksLikeZip(jarBytes);
    }

    /**
     * For a decided version not newer than the latest in {@code entries}: the stored deployment
     * when it is the same JAR at the same version (a repeat), else a {@code stale_version} rejection.
     */
    static Deployment storedOrStale(List<DeploymentIndex.Entry> entries, long version, String sha256)
            throws DeploymentRejectedException {
        Deployment stored = entries.stream().map(DeploymentIndex.Entry::deployment)
                .filter(d -> d.version() == version).findFirst().orElse(null);
        if (stored != null && stored.sha256().equals(sha256)) {
            return stored;
        }
        long last = entries.getLast().deployment().version();
        throw new DeploymentRejectedException("stale_version", "version " + version
                + " is not newer than this node's latest deployment (version " + last + ")"
                + (stored == null ? "" : "; this node stores " + stored.id() + ", a different JAR, under it"));
    }

    /**
     * @param entries the store's index before this deployment
     * @throws DeploymentRejectedException the JAR is unacceptable; nothing was left on disk
     * @throws IOException                 the store could not write; nothing was left on disk
     */
    static Committed commit(Path jarsDir, Path indexFile, List<DeploymentIndex.Entry> entries, byte[] jarBytes,
                            String sha256, long version, Instant deployedAt, ConstructorCheck check)
            throws DeploymentRejectedException, IOException {
        String id = Deployment.idFor(version, sha256);
        // A fresh name per attempt: a rejected attempt's file may linger in JDK jar caches, so its
        // path is never reused for different bytes.
        String jarName = id + "-" + HexFormat.of().toHexDigits(RANDOM.nextInt()) + ".jar";
        Path jar = jarsDir.resolve(jarName);
        LoadedDeployment ld = null;
        AssetSource assets = null;
        boolean done = false;
        try {
            AtomicFiles.write(jar, jarBytes);
            DeploymentManifest manifest = JarInspector.inspect(jar);
            Deployment d = new Deployment(id, version, manifest.app(), deployedAt,
                    sha256, jarBytes.length, manifest.namespaces(), manifest.assets());
            ld = LoadedDeployment.load(d, jar, manifest.namespaces().keySet(), check);
            if (manifest.assets().isPresent()) {
                assets = AssetSource.open(jar, manifest.assets().get());
            }
            List<DeploymentIndex.Entry> next = new ArrayList<>(entries);
            next.add(new DeploymentIndex.Entry(d, jarName));
            StoreFiles.writeIndex(indexFile, next);
            done = true;
            return new Committed(d, List.copyOf(next), ld, assets);
        } finally {
            if (!done) {
                StoreFiles.closeQuietly(assets);
                StoreFiles.closeQuietly(ld);
                StoreFiles.deleteQuietly(jar);
            }
        }
    }
}
