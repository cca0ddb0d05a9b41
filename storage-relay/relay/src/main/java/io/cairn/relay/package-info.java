/**
 * The storage relay joined to a node: {@link io.cairn.relay.StorageRelay} captures each commit
 * from the object's WAL into a local spool (which bounds the WAL: checkpoints run only after
 * capture), ships sealed batches and snapshots to S3-compatible storage, answers bookmarks,
 * point-in-time restore and export, and brings objects back from object storage after a disk
 * loss. Capture format lives in {@code io.cairn.relay.capture}, object storage in
 * {@code io.cairn.relay.store}.
 */
package io.cairn.relay;
