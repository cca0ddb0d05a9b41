package io.cairn.relay.capture;

/**
 * A stored segment: the {@link RecordCodec} records {@code firstTxid..lastTxid}, consecutive, named so that
 * restore can plan from names alone.
 *
 * @param firstTimeMillis commit time of {@code firstTxid}
 * @param lastTimeMillis  commit time of {@code lastTxid}
 * @param key             the store's name for it (used in error messages)
 */
public record SegmentRef(long firstTxid, long lastTxid, long firstTimeMillis, long lastTimeMillis, String key) {
}
