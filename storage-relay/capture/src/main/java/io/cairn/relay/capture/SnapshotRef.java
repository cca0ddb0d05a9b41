package io.cairn.relay.capture;

/**
 * A stored snapshot: the raw database file image at {@code txid}.
 *
 * @param timeMillis commit time of {@code txid}
 * @param key        the store's name for it (used in error messages)
 */
public record SnapshotRef(long txid, long timeMillis, String key) {
}
