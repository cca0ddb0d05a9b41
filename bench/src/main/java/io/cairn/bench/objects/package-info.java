/**
 * Object classes the benchmarks deploy. They are packed into a deployment JAR at run time
 * ({@link io.cairn.bench.AppJar}) and loaded by the node's isolated class loader, so they may use
 * {@code io.cairn.api} and the JDK only, and no nested or anonymous classes.
 */
package io.cairn.bench.objects;
