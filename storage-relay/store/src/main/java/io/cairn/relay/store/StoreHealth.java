package io.cairn.relay.store;

/**
 * One circuit breaker for the whole store, shared by every object a {@link Shipper} serves.
 *
 * <p>When the store is unreachable, a thousand objects retrying on their own would each burn a
 * connect timeout per attempt and keep the two workers busy failing. Instead the first retryable
 * failure pauses everyone; when the pause ends a single object probes; its success reopens the
 * gates for all, its failure doubles the pause (with jitter, up to {@code retryMax}).
 */
final class StoreHealth {

    /** What a lane may do now. */
    enum Permit { GO, PROBE, WAIT }

    private enum State { HEALTHY, PAUSED, PROBING }

    private final RetryBackoff backoff;
    private State state = State.HEALTHY;
    private long pausedUntil;
    private int failures;

    StoreHealth(RetryBackoff backoff) {
        this.backoff = backoff;
    }

    /** Asks to start a run that talks to the store. At most one PROBE is handed out per pause. */
    synchronized Permit permit(long nowMillis) {
        return switch (state) {
            case HEALTHY -> Permit.GO;
            case PROBING -> Permit.WAIT;
            case PAUSED -> {
                if (nowMillis < pausedUntil) {
                    yield Permit.WAIT;
                }
                state = State.PROBING;
                yield Permit.PROBE;
            }
        };
    }

    /** The store answered. Returns true if it had been failing (worth a log line). */
    synchronized boolean reachable() {
        boolean wasDown = state != State.HEALTHY;
        state = State.HEALTHY;
        failures = 0;
        return wasDown;
    }

    /**
     * A retryable failure. Returns true if this starts an outage (worth a log line). Failures of
     * runs that started before the pause do not lengthen it: only a failed probe does.
     */
    synchronized boolean unreachable(long nowMillis, boolean probe) {
        if (state == State.HEALTHY) {
            failures = 1;
            state = State.PAUSED;
            pausedUntil = nowMillis + backoff.delayMillis(failures);
            return true;
        }
        if (probe) {
            failures++;
            state = State.PAUSED;
            pausedUntil = nowMillis + backoff.delayMillis(failures);
        }
        return false;
    }

    /** A probe that learned nothing about the store (no request made, or a local failure): let another lane probe. */
    synchronized void probeInconclusive(long nowMillis) {
        if (state == State.PROBING) {
            state = State.PAUSED;
            pausedUntil = nowMillis;
        }
    }

    synchronized boolean healthy() {
        return state == State.HEALTHY;
    }

    /** Milliseconds until the next probe may start (0 if healthy or due). */
    synchronized long pausedForMillis(long nowMillis) {
        return state == State.PAUSED ? Math.max(0, pausedUntil - nowMillis) : 0;
    }
}
