package io.cairn.relay.store;

import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link Shipper} batches and retries.
 *
 * @param maxBatchBytes seal and upload an object's pending commits once they reach this size
 * @param maxBatchAge   ... or once the oldest pending commit is this old (bounds what a lost node
 *                      can take with it when replicas are also lost)
 * @param threads       upload workers shared by every registered object
 * @param retryBase     first retry delay after a failed upload; doubles per failure, with jitter
 * @param retryMax      cap of the retry delay
 * @param flushTimeout  how long {@link Shipper#flush} waits before failing its future
 */
public record ShipperOptions(long maxBatchBytes, Duration maxBatchAge, int threads, Duration retryBase, Duration retryMax,
                             Duration flushTimeout) {

    public static final long DEFAULT_MAX_BATCH_BYTES = 16L << 20;

    public ShipperOptions {
        Objects.requireNonNull(maxBatchAge, "maxBatchAge");
        Objects.requireNonNull(retryBase, "retryBase");
        Objects.requireNonNull(retryMax, "retryMax");
        Objects.requireNonNull(flushTimeout, "flushTimeout");
        if (maxBatchBytes < 1) {
            throw new IllegalArgumentException("maxBatchBytes must be positive, was " + maxBatchBytes);
        }
        if (maxBatchAge.isNegative() || maxBatchAge.isZero()) {
            throw new IllegalArgumentException("maxBatchAge must be positive, was " + maxBatchAge);
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("threads must be 1..256, was " + threads);
        }
        if (retryBase.isNegative() || retryBase.isZero() || retryMax.compareTo(retryBase) < 0) {
            throw new IllegalArgumentException("need 0 < retryBase <= retryMax, got " + retryBase + " and " + retryMax);
        }
        if (flushTimeout.isNegative() || flushTimeout.isZero()) {
            throw new IllegalArgumentException("flushTimeout must be positive, was " + flushTimeout);
        }
    }

    /** 16 MiB or 10 s per batch, 2 threads, retries from 500 ms up to 30 s, flushes fail after 60 s. */
    public static ShipperOptions defaults() {
        return new ShipperOptions(DEFAULT_MAX_BATCH_BYTES, Duration.ofSeconds(10), 2, Duration.ofMillis(500),
                Duration.ofSeconds(30), Duration.ofSeconds(60));
    }

    public ShipperOptions withMaxBatchBytes(long bytes) {
        return new ShipperOptions(bytes, maxBatchAge, threads, retryBase, retryMax, flushTimeout);
    }

    public ShipperOptions withMaxBatchAge(Duration age) {
        return new ShipperOptions(maxBatchBytes, age, threads, retryBase, retryMax, flushTimeout);
    }

    public ShipperOptions withThreads(int n) {
        return new ShipperOptions(maxBatchBytes, maxBatchAge, n, retryBase, retryMax, flushTimeout);
    }

    public ShipperOptions withRetry(Duration base, Duration max) {
        return new ShipperOptions(maxBatchBytes, maxBatchAge, threads, base, max, flushTimeout);
    }

    public ShipperOptions withFlushTimeout(Duration timeout) {
        return new ShipperOptions(maxBatchBytes, maxBatchAge, threads, retryBase, retryMax, timeout);
    }
}
