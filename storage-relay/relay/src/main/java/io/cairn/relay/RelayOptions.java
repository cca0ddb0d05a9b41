package io.cairn.relay;

import io.cairn.relay.store.S3Options;
import io.cairn.relay.store.ShipperOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the storage relay.
 *
 * @param s3 where batches and snapshots go
 * @param shipper batching (16 MiB or 10 s by default), upload threads and retry backoff
 * @param checkpointWalBytes a checkpoint runs once the WAL holds this much captured data (bounds the WAL)
 * @param snapshotEvery a snapshot is taken once this much commit data accumulated since the last one,
 *     or once the captured bytes exceed the database size (whichever is larger), bounding restore work
 * @param snapshotMaxAge a snapshot is also taken when the last one is older than this and there were writes
 * @param retention how far back any moment stays restorable
 * @param retentionSweepEvery how often retention runs over the objects of this node
 * @param clock time source (tests inject one)
 */
public record RelayOptions(S3Options s3, ShipperOptions shipper, long checkpointWalBytes, long snapshotEvery,
                           Duration snapshotMaxAge, Duration retention, Duration retentionSweepEvery, Clock clock) {

    public RelayOptions {
        Objects.requireNonNull(s3, "s3");
        Objects.requireNonNull(shipper, "shipper");
        Objects.requireNonNull(clock, "clock");
        if (checkpointWalBytes < 64 * 1024) {
            throw new IllegalArgumentException("checkpointWalBytes must be at least 64 KiB, got " + checkpointWalBytes);
        }
        if (snapshotEvery <= 0) {
            throw new IllegalArgumentException("snapshotEvery must be positive, got " + snapshotEvery);
        }
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("retention must be positive, got " + retention);
        }
        if (snapshotMaxAge == null || snapshotMaxAge.isNegative() || snapshotMaxAge.isZero()) {
            throw new IllegalArgumentException("snapshotMaxAge must be positive, got " + snapshotMaxAge);
        }
        if (retentionSweepEvery == null || retentionSweepEvery.isNegative() || retentionSweepEvery.isZero()) {
            throw new IllegalArgumentException("retentionSweepEvery must be positive, got " + retentionSweepEvery);
        }
    }

    public static RelayOptions defaults(S3Options s3) {
        return new RelayOptions(s3, ShipperOptions.defaults(), 4L * 1024 * 1024, 64L * 1024 * 1024,
                Duration.ofHours(24), Duration.ofDays(30), Duration.ofHours(24), Clock.systemUTC());
    }

    public RelayOptions withShipper(ShipperOptions v) {
        return new RelayOptions(s3, v, checkpointWalBytes, snapshotEvery, snapshotMaxAge, retention, retentionSweepEvery, clock);
    }

    public RelayOptions withCheckpointWalBytes(long v) {
        return new RelayOptions(s3, shipper, v, snapshotEvery, snapshotMaxAge, retention, retentionSweepEvery, clock);
    }

    public RelayOptions withSnapshotEvery(long v) {
        return new RelayOptions(s3, shipper, checkpointWalBytes, v, snapshotMaxAge, retention, retentionSweepEvery, clock);
    }

    public RelayOptions withRetention(Duration v) {
        return new RelayOptions(s3, shipper, checkpointWalBytes, snapshotEvery, snapshotMaxAge, v, retentionSweepEvery, clock);
    }

    public RelayOptions withClock(Clock v) {
        return new RelayOptions(s3, shipper, checkpointWalBytes, snapshotEvery, snapshotMaxAge, retention, retentionSweepEvery, v);
    }
}
