package io.cairn.relay.store;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with jitter: attempt n waits between half and all of
 * {@code min(max, base * 2^(n-1))}. The jitter spreads a thousand objects that failed together
 * so they do not all retry in the same instant when the store comes back.
 */
final class RetryBackoff {

    private final long baseMillis;
    private final long maxMillis;

    RetryBackoff(Duration base, Duration max) {
        this.baseMillis = Math.max(1, base.toMillis());
        this.maxMillis = Math.max(baseMillis, max.toMillis());
    }

    /** Delay before the next attempt after {@code failures} consecutive failures (>= 1). */
    long delayMillis(int failures) {
        int shift = Math.min(Math.max(failures, 1) - 1, 30);
        long ceiling = Math.min(maxMillis, baseMillis << shift);
        long half = ceiling / 2;
        return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
    }
}
