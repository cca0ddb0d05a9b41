package io.cairn.relay.capture;

/**
 * @param txid             the txid the written file is at
 * @param commitTimeMillis commit time of {@code txid}
 * @param snapshotTxid     the snapshot the restore started from
 * @param segmentsApplied  segments read
 * @param bytesRead        decompressed bytes read from the history
 */
public record RestoreResult(long txid, long commitTimeMillis, long snapshotTxid, int segmentsApplied, long bytesRead) {
}
