package io.cairn.runtime.deploy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parsed {@code META-INF/cairn.json} of a deployment JAR (format: {@code docs/deployments.md}).
 *
 * @param app        the application's name, {@code [a-z][a-z0-9-]{0,62}}
 * @param namespaces namespace → class and config; at least one; manifest order kept
 * @param assets     JAR directory (no leading or trailing slash) served at {@code /apps/{app}/...}
 */
public record DeploymentManifest(String app, Map<String, NamespaceSpec> namespaces, Optional<String> assets) {

    /** Where the manifest lives inside the JAR. */
    public static final String PATH = "META-INF/cairn.json";

    public DeploymentManifest {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(namespaces, "namespaces");
        Objects.requireNonNull(assets, "assets");
        namespaces = Collections.unmodifiableMap(new LinkedHashMap<>(namespaces));
    }

    /**
     * Parses and strictly validates a manifest: unknown fields, duplicate keys, wrong types and
     * invalid names are rejected with code {@code bad_manifest} and a message naming the field.
     */
    public static DeploymentManifest parse(byte[] json) throws DeploymentRejectedException {
        return ManifestParser.parse(json);
    }
}
