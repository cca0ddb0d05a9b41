package io.cairn.runtime.spi;

import io.cairn.runtime.deploy.ConstructorCheck;
import io.cairn.runtime.deploy.Deployment;
import io.cairn.runtime.deploy.DeploymentRejectedException;

/**
 * Where {@code POST /admin/v1/deployments} goes. On one node the deployment store itself; in a
 * cluster the router, which gives the deployment a cluster-wide version and carries it to every node.
 */
@FunctionalInterface
public interface Deployer {

    Deployment deploy(byte[] jar, ConstructorCheck check) throws DeploymentRejectedException;
}
