/**
 * Execution: at most one live instance per object, events delivered one at a time (the input
 * gate), lazy activation, idle and least-recently-used eviction, and outputs released in order
 * once the output gate says the writes before them are durable.
 *
 * <p>Each object has an {@link io.cairn.runtime.exec.ObjectActor} with a mailbox. A mailbox with
 * work is drained by one virtual thread, so handlers may block (SQL, calls to other objects)
 * while thousands of idle objects hold no thread at all.
 */
package io.cairn.runtime.exec;
