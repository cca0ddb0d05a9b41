/**
 * Capture side of the storage relay: everything that turns one object's SQLite WAL into an ordered,
 * checksummed history and back into a database file. Pure Java, no object storage.
 *
 * <ul>
 *   <li>{@link io.cairn.relay.capture.WalTailer} reads newly committed transactions from the {@code -wal}
 *       file, validating salts and the cumulative checksum chain exactly as SQLite's recovery does, so
 *       the tailer never reports a transaction SQLite itself would discard.</li>
 *   <li>{@link io.cairn.relay.capture.CommitRecord} is one captured transaction with its txid and commit
 *       time; {@link io.cairn.relay.capture.RecordCodec} is its binary, CRC32C-protected encoding (the
 *       format of spool files and uploaded segments).</li>
 *   <li>{@link io.cairn.relay.capture.Spool} is the per-object local durable log of records not yet
 *       shipped, sealed into batches for upload.</li>
 *   <li>{@link io.cairn.relay.capture.Restorer} rebuilds a database file at any txid from a
 *       {@link io.cairn.relay.capture.History} of snapshots and segments, refusing gaps;
 *       {@link io.cairn.relay.capture.DatabaseImage} applies one record to a database file.</li>
 * </ul>
 *
 * <p>Capture protocol, run on the object's single thread: commit; {@code poll()}; assign txids and
 * append to the spool; and only after {@code spool.sync()} and {@code spool.markCheckpoint(tailer.position())}
 * may the WAL be checkpointed. A checkpoint lets SQLite restart the WAL, overwriting frames, so anything
 * not captured before it is lost to the history.
 */
package io.cairn.relay.capture;
