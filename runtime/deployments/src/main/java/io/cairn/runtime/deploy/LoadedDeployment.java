package io.cairn.runtime.deploy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deployment with an open class loader and the namespaces loaded through it. Closing it closes
 * the class loader, after which classes of the JAR not yet loaded can no longer be loaded; the
 * store does that only when the runtime says it is done with the deployment (or on shutdown).
 */
final class LoadedDeployment implements AutoCloseable {

    private final Deployment deployment;
    private final DeploymentClassLoader loader;
    private final Map<String, LoadedNamespace> namespaces;

    private LoadedDeployment(Deployment deployment, DeploymentClassLoader loader, Map<String, LoadedNamespace> namespaces) {
        this.deployment = deployment;
        this.loader = loader;
        this.namespaces = Collections.unmodifiableMap(namespaces);
    }

    /**
     * Opens a class loader over {@code jar} and loads {@code names} (namespaces of {@code deployment}),
     * then runs {@code check} on each. Every namespace is loaded before any constructor runs, so
     * the cheap problems are reported first. On failure the class loader is closed again.
     */
    static LoadedDeployment load(Deployment deployment, Path jar, Collection<String> names, ConstructorCheck check)
            throws DeploymentRejectedException {
        DeploymentClassLoader loader = new DeploymentClassLoader(deployment.id(), jar);
        try {
            Map<String, LoadedNamespace> loaded = new LinkedHashMap<>();
            for (String ns : names) {
                loaded.put(ns, NamespaceLoader.load(loader, deployment, ns));
            }
            for (LoadedNamespace ns : loaded.values()) {
                NamespaceLoader.runCheck(ns, check);
            }
            return new LoadedDeployment(deployment, loader, loaded);
        } catch (DeploymentRejectedException | RuntimeException | Error e) {
            closeQuietly(loader);
            throw e;
        }
    }

    Deployment deployment() {
        return deployment;
    }

    Map<String, LoadedNamespace> namespaces() {
        return namespaces;
    }

    @Override
    public void close() {
        closeQuietly(loader);
    }

    private static void closeQuietly(DeploymentClassLoader loader) {
        try {
            loader.close();
        } catch (IOException e) {
            // Closing only releases the JAR's file handle; there is nothing to recover.
        }
    }
}
