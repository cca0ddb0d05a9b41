package io.cairn.runtime.deploy;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One committed deployment: a JAR accepted by {@link DeploymentStore#deploy}. Immutable; kept in
 * the store's history after later deployments supersede it.
 *
 * @param id         {@code dep-<version, 6+ digits>-<first 12 hex digits of sha256>}, e.g.
 *                   {@code dep-000007-3f2a9c0d1e4b}
 * @param version    node-wide sequence 1, 2, 3, ... in deployment order
 * @param app        the manifest's app name
 * @param deployedAt when it was committed (millisecond precision)
 * @param sha256     lower-case hex SHA-256 of the JAR bytes
 * @param sizeBytes  size of the JAR
 * @param namespaces the manifest's namespaces, in manifest order
 * @param assets     the manifest's assets directory, if any
 */
public record Deployment(String id, long version, String app, Instant deployedAt, String sha256, long sizeBytes,
                         Map<String, NamespaceSpec> namespaces, Optional<String> assets) {

    public Deployment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(deployedAt, "deployedAt");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(namespaces, "namespaces");
        Objects.requireNonNull(assets, "assets");
        if (version < 1) {
            throw new IllegalArgumentException("version starts at 1, got " + version);
        }
        namespaces = Collections.unmodifiableMap(new LinkedHashMap<>(namespaces));
    }

    /** Lower-case hex SHA-256 of {@code bytes}: how a deployment's JAR is identified and verified. */
    static String sha256Hex(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK provides SHA-256", e);
        }
    }

    /** The id for a deployment of {@code version} with JAR hash {@code sha256}. */
    static String idFor(long version, String sha256) {
        return String.format("dep-%06d-%s", version, sha256.substring(0, 12));
    }
}
