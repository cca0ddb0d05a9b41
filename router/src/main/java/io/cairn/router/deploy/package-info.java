/**
 * Deployments carried to every node of a cluster.
 *
 * <p>{@link io.cairn.router.deploy.ClusterDeployments} keeps a cluster-wide deployment log in a
 * Hazelcast map (version → {@link io.cairn.router.deploy.DeploymentRecord}): a deployment accepted
 * on any node gets the next cluster-wide version, is stored on that node, and is then applied by
 * every other node (including nodes that join later) in version order, each node validating it
 * again with its own constructor check because class loading is per node.
 *
 * <p>The log lives only in cluster memory (with two synchronous backups). When a whole cluster
 * restarts, the first node to start republishes its on-disk history, and later nodes add the
 * versions they have beyond it.
 */
package io.cairn.router.deploy;
