/**
 * Deployments (internal to the node): how user JARs become namespaces bound to object classes.
 *
 * <p>A deployment JAR carries {@code META-INF/cairn.json} ({@link io.cairn.runtime.deploy.DeploymentManifest},
 * format in {@code docs/deployments.md}). {@link io.cairn.runtime.deploy.DeploymentStore} validates a JAR
 * completely before committing it (container, manifest, every class, a constructor dry-run
 * supplied by the runtime), stores it crash-safely, and rebinds its namespaces; the runtime reads
 * bindings lock-free through {@link io.cairn.runtime.deploy.DeploymentStore#namespace} and hears of
 * rebinding through {@link io.cairn.runtime.deploy.DeploymentListener}.
 *
 * <p>Each deployment has its own class loader whose parent exposes only the JDK and package
 * {@code io.cairn.api}, so user code cannot come to depend on the node's own libraries.
 *
 * <p>Not a user API: nothing here is visible to deployed code.
 */
package io.cairn.runtime.deploy;
