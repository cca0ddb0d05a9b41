package io.cairn.relay.store;

import java.time.Clock;

/** What every {@link ShipLane} run needs from its {@link Shipper}. */
record ShipContext(ObjectStore store, ObjectLayout layout, ShipperOptions options, Clock clock, ShipperMetrics metrics,
                   RetryBackoff backoff) {
}
