package io.cairn.router.forward;

import io.cairn.runtime.NodeOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link HttpForwarder} forwards. The defaults retry for roughly a second and a half
 * (5 attempts, backoff 50 ms doubling to 800 ms), long enough for an object to move between nodes.
 *
 * @param maxBodyBytes   request bodies above this get 413 {@code body_too_large} (they are buffered whole
 *                       so an attempt can be repeated on another node)
 * @param maxAttempts    attempts per request, the first one included
 * @param firstBackoff   wait before the second attempt; each later wait doubles it
 * @param maxBackoff     the longest wait between two attempts
 * @param connectTimeout how long to wait for a TCP connection to an owner
 * @param idleTimeout    an owner silent this long while a request waits for its answer (or a WebSocket
 *                       handshake) is given up on; idle pooled connections are closed after it too
 * @param maxPoolSize    HTTP/1.1 connections kept per owner
 * @param nodeId         this node's id, sent as {@code Cairn-Forwarded-By}
 */
public record ForwarderOptions(long maxBodyBytes, int maxAttempts, Duration firstBackoff, Duration maxBackoff,
                               Duration connectTimeout, Duration idleTimeout, int maxPoolSize, String nodeId) {

    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final Duration DEFAULT_FIRST_BACKOFF = Duration.ofMillis(50);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMillis(800);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_POOL_SIZE = 64;

    public ForwarderOptions {
        if (nodeId == null || nodeId.isBlank()) {
            throw new IllegalArgumentException("nodeId (this node's id, sent as " + ForwardHeaders.BY + ") is required");
        }
        if (maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxBodyBytes must be 0 or more, got " + maxBodyBytes);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        if (maxPoolSize < 1) {
            throw new IllegalArgumentException("maxPoolSize must be at least 1, got " + maxPoolSize);
        }
        positive("firstBackoff", firstBackoff);
        positive("maxBackoff", maxBackoff);
        positive("connectTimeout", connectTimeout);
        positive("idleTimeout", idleTimeout);
        if (maxBackoff.compareTo(firstBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must not be shorter than firstBackoff ("
                    + firstBackoff + ")");
        }
    }

    private static void positive(String name, Duration d) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    /**
     * The wait after failed attempt {@code attempt} (0-based): {@code firstBackoff · 2^attempt} capped at
     * {@code maxBackoff}, then scaled into its upper half by {@code jitter} (0..1) so that requests failed
     * together do not come back together.
     */
    public Duration backoff(int attempt, double jitter) {
        long first = firstBackoff.toMillis();
        long cap = maxBackoff.toMillis();
        long base = first;
        for (int i = 0; i < attempt && base < cap; i++) {
            base *= 2;
        }
        base = Math.min(base, cap);
        double j = Math.max(0, Math.min(1, jitter));
        return Duration.ofMillis(base / 2 + Math.round(base / 2.0 * j));
    }

    /** Defaults with this node's id. */
    public static Builder builder(String nodeId) {
        return new Builder().nodeId(nodeId);
    }

    public Builder toBuilder() {
        return new Builder().maxBodyBytes(maxBodyBytes).maxAttempts(maxAttempts).firstBackoff(firstBackoff)
                .maxBackoff(maxBackoff).connectTimeout(connectTimeout).idleTimeout(idleTimeout)
                .maxPoolSize(maxPoolSize).nodeId(nodeId);
    }

    public static final class Builder {
        private long maxBodyBytes = NodeOptions.DEFAULT_MAX_BODY_BYTES;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration firstBackoff = DEFAULT_FIRST_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        private int maxPoolSize = DEFAULT_MAX_POOL_SIZE;
        private String nodeId;

        private Builder() {
        }

        public Builder maxBodyBytes(long v) { this.maxBodyBytes = v; return this; }
        public Builder maxAttempts(int v) { this.maxAttempts = v; return this; }
        public Builder firstBackoff(Duration v) { this.firstBackoff = v; return this; }
        public Builder maxBackoff(Duration v) { this.maxBackoff = v; return this; }
        public Builder connectTimeout(Duration v) { this.connectTimeout = v; return this; }
        public Builder idleTimeout(Duration v) { this.idleTimeout = v; return this; }
        public Builder maxPoolSize(int v) { this.maxPoolSize = v; return this; }
        public Builder nodeId(String v) { this.nodeId = v; return this; }

        public ForwarderOptions build() {
            return new ForwarderOptions(maxBodyBytes, maxAttempts, firstBackoff, maxBackoff, connectTimeout,
                    idleTimeout, maxPoolSize, nodeId);
        }
    }
}
