/**
 * The Cairn user API: the only classes an object class compiles against.
 *
 * <p>An application is a set of {@link io.cairn.api.DurableObject} classes, each bound to a
 * namespace by a deployment. Every (namespace, name) pair is one object: at most one live
 * instance in the cluster, its own SQLite database ({@link io.cairn.api.Storage}), and events
 * (HTTP requests, alarms, WebSocket messages) delivered to it one at a time.
 *
 * <p><b>Threading.</b> Handlers are called on a thread owned by the runtime, never two at once
 * for the same object, and may block (SQL, calls to other objects). Nothing in this package may
 * be used from a thread the object started itself.
 *
 * <p><b>Transactions.</b> All storage writes made by one event form one implicit transaction:
 * committed when the handler returns, rolled back when it throws. Outputs (the response, WebSocket
 * sends) leave the node only after the writes made before them are durable.
 */
package io.cairn.api;
