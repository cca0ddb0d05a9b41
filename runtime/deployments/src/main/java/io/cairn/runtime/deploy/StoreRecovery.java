package io.cairn.runtime.deploy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Rebuilds a store's live state from its index when it is opened: the current binding of every
 * namespace and the assets of every app's latest deployment.
 *
 * <p>Only deployments that still bind a namespace get a class loader; a fully superseded
 * deployment stays in the history but has nothing to run. A deployment that cannot be loaded
 * (JAR missing or not matching its recorded hash, class no longer loadable on this node) is
 * logged and its namespaces stay unbound (404) until the app is deployed again, rather than
 * keeping the whole node from starting. Its namespaces do not fall back to an older deployment:
 * silently running old code would be worse than an error.
 */
final class StoreRecovery {

    private static final Logger log = LoggerFactory.getLogger(StoreRecovery.class);

    record Recovered(Map<String, LoadedDeployment> loaded, Map<String, LoadedNamespace> bindings,
                     Map<String, AssetSource> assets) {
    }

    private StoreRecovery() {
    }

    /**
     * Deletes what interrupted deployments left: JAR files the index does not name (the index
     * rename is the commit point) and temporary files.
     */
    static void removeLeftovers(Path dir, Path jarsDir, List<DeploymentIndex.Entry> entries) throws IOException {
        Set<String> committed = new HashSet<>();
        entries.forEach(e -> committed.add(e.jarFile()));
        deleteMatching(jarsDir, p -> !committed.contains(p.getFileName().toString()));
        deleteMatching(dir, p -> p.getFileName().toString().endsWith(AtomicFiles.TMP_SUFFIX));
    }

    static Recovered recover(Path jarsDir, List<DeploymentIndex.Entry> entries) {
        // The latest deployment naming a namespace binds it.
        Map<String, DeploymentIndex.Entry> byId = new LinkedHashMap<>();
        Map<String, List<String>> bound = new LinkedHashMap<>();
        Map<String, String> binderOf = new TreeMap<>();
        for (DeploymentIndex.Entry e : entries) {
            byId.put(e.deployment().id(), e);
            e.deployment().namespaces().keySet().forEach(ns -> binderOf.put(ns, e.deployment().id()));
        }
        binderOf.forEach((ns, id) -> bound.computeIfAbsent(id, k -> new ArrayList<>()).add(ns));

        Map<String, LoadedDeployment> loaded = new LinkedHashMap<>();
        Map<String, LoadedNamespace> bindings = new TreeMap<>();
        bound.forEach((id, names) -> {
            DeploymentIndex.Entry e = byId.get(id);
            Path jar = jarsDir.resolve(e.jarFile());
            try {
                verify(jar, e.deployment());
                LoadedDeployment ld = LoadedDeployment.load(e.deployment(), jar, names, ConstructorCheck.NONE);
                loaded.put(id, ld);
                bindings.putAll(ld.namespaces());
            } catch (IOException | DeploymentRejectedException ex) {
                log.error("Cannot load deployment {} of app '{}': {}. Namespaces {} stay unbound until the app is deployed again.",
                        id, e.deployment().app(), ex.getMessage(), names);
            }
        });

        Map<String, DeploymentIndex.Entry> latestByApp = new TreeMap<>();
        entries.forEach(e -> latestByApp.put(e.deployment().app(), e));
        Map<String, AssetSource> assets = new TreeMap<>();
        latestByApp.forEach((app, e) -> e.deployment().assets().ifPresent(dir -> {
            Path jar = jarsDir.resolve(e.jarFile());
            try {
                if (!loaded.containsKey(e.deployment().id())) {
                    verify(jar, e.deployment());
                }
                assets.put(app, AssetSource.open(jar, dir));
            } catch (IOException ex) {
                log.error("Cannot serve the assets of app '{}' (deployment {}): {}", app, e.deployment().id(), ex.getMessage());
            }
        }));
        return new Recovered(loaded, bindings, assets);
    }

    /** Checks the stored JAR is the one that was deployed: present, same size, same SHA-256. */
    private static void verify(Path jar, Deployment d) throws IOException {
        StoreFiles.readVerified(jar, d);
    }

    private static void deleteMatching(Path dir, java.util.function.Predicate<Path> garbage) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                if (Files.isRegularFile(p) && garbage.test(p)) {
                    log.info("Removing {}, left by an interrupted deployment", p);
                    Files.delete(p);
                }
            }
        }
    }
}
