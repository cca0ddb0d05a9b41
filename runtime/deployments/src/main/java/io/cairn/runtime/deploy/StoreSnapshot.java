package io.cairn.runtime.deploy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the store's read side sees: immutable, replaced whole by each deployment, so a reader
 * sees all of a deployment's bindings or none.
 *
 * @param deployments every committed deployment, oldest first
 * @param bindings    namespace → current binding
 * @param latestByApp app → its latest deployment
 * @param assets      app → assets of its latest deployment (apps without assets absent)
 */
record StoreSnapshot(List<Deployment> deployments, Map<String, LoadedNamespace> bindings,
                     Map<String, Deployment> latestByApp, Map<String, AssetSource> assets) {

    private static final Logger log = LoggerFactory.getLogger(StoreSnapshot.class);

    StoreSnapshot {
        deployments = List.copyOf(deployments);
        bindings = Collections.unmodifiableMap(new TreeMap<>(bindings));
        latestByApp = Collections.unmodifiableMap(new TreeMap<>(latestByApp));
        assets = Collections.unmodifiableMap(new TreeMap<>(assets));
    }

    /** The state on opening: {@code entries} from the index and what recovery could load. */
    static StoreSnapshot recovered(List<DeploymentIndex.Entry> entries, StoreRecovery.Recovered recovered) {
        Map<String, Deployment> latest = new TreeMap<>();
        entries.forEach(e -> latest.put(e.deployment().app(), e.deployment()));
        return new StoreSnapshot(entries.stream().map(DeploymentIndex.Entry::deployment).toList(),
                recovered.bindings(), latest, recovered.assets());
    }

    /**
     * This state plus {@code ld}: it binds all its namespaces and becomes its app's latest
     * deployment, serving {@code newAssets} (null: none). The asset source it replaces, which the
     * caller closes after publishing, is {@link #assets()}{@code .get(app)} of this snapshot.
     */
    StoreSnapshot with(LoadedDeployment ld, AssetSource newAssets) {
        Deployment d = ld.deployment();
        Map<String, LoadedNamespace> nextBindings = new TreeMap<>(bindings);
        for (LoadedNamespace ns : ld.namespaces().values()) {
            LoadedNamespace previous = nextBindings.put(ns.namespace(), ns);
            if (previous != null && !previous.deployment().app().equals(d.app())) {
                log.warn("Namespace '{}' moves from app '{}' to app '{}' (deployment {})",
                        ns.namespace(), previous.deployment().app(), d.app(), d.id());
            }
        }
        List<Deployment> nextDeployments = new ArrayList<>(deployments);
        nextDeployments.add(d);
        Map<String, Deployment> nextLatest = new TreeMap<>(latestByApp);
        nextLatest.put(d.app(), d);
        Map<String, AssetSource> nextAssets = new TreeMap<>(assets);
        if (newAssets == null) {
            nextAssets.remove(d.app());
        } else {
            nextAssets.put(d.app(), newAssets);
        }
        return new StoreSnapshot(nextDeployments, nextBindings, nextLatest, nextAssets);
    }

    /** True when some namespace of {@code ld} is still bound to it. */
    boolean binds(LoadedDeployment ld) {
        return ld.namespaces().values().stream().anyMatch(ns -> bindings.get(ns.namespace()) == ns);
    }
}
