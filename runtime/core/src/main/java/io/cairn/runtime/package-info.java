/**
 * The Cairn node: {@link io.cairn.runtime.CairnNode} wires execution, storage, the output gate,
 * alarms, WebSockets, deployments and the HTTP front together; {@link io.cairn.runtime.NodeOptions}
 * is its validated configuration. Everything under this package is internal to the node: user
 * object classes never see it (their class loader exposes only {@code io.cairn.api}).
 */
package io.cairn.runtime;
