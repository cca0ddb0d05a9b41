package io.cairn.runtime.deploy;

import java.util.Set;

/**
 * Told when a deployment has rebound namespaces. Called after the new bindings are visible
 * through {@link DeploymentStore#namespace}, in deployment order, on the deploying thread and
 * without the store's lock held (see {@link DeploymentStore} for what a listener may call).
 */
@FunctionalInterface
public interface DeploymentListener {

    /**
     * @param deployment the deployment just committed
     * @param namespaces the namespaces it bound (every namespace of its manifest); live objects of
     *                   these namespaces run superseded code until the runtime re-activates them
     */
    void namespacesChanged(Deployment deployment, Set<String> namespaces);
}
