/**
 * The output gate: outputs of an object (responses, WebSocket sends) leave only after the writes
 * made before them are durable. {@link io.cairn.runtime.gate.DurabilityGate} is the single place
 * that decides what "durable" means: on one node, an fsync of the object's WAL that covers the
 * commit ({@link io.cairn.runtime.gate.FsyncGroupCommitGate}); with the storage relay, "held by a
 * quorum of replicas".
 */
package io.cairn.runtime.gate;
