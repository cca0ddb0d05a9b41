/**
 * Object classes used by the runtime's tests. They compile here but are deployed the real way:
 * {@link io.cairn.runtime.TestApps} packs their class files into a JAR that is posted to
 * {@code /admin/v1/deployments}, so they run in an isolated class loader that sees only
 * {@code io.cairn.api} and the JDK. They must therefore use nothing else.
 */
package io.cairn.runtime.testapps;
