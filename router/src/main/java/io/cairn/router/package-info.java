/** The cluster router: a node joins a cluster with {@link io.cairn.router.ClusterRouter}; options in {@link io.cairn.router.ClusterOptions}. */
package io.cairn.router;
