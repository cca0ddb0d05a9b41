package io.cairn.runtime;

import io.cairn.runtime.sqlite.SqliteOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Configuration of one node, validated on construction. Build with {@link #builder()}; every
 * field has a default except {@code dataDir}.
 *
 * @param host address the HTTP front binds to
 * @param httpPort HTTP port; 0 picks a free one
 * @param dataDir where object databases, deployments and the node catalog live
 * @param adminToken bearer token for {@code /admin}; null makes the node generate one
 * @param maxBodyBytes request bodies larger than this get 413
 * @param maxDeploymentBytes largest JAR accepted by {@code POST /admin/v1/deployments}
 * @param idleTimeout a live object with no event for this long is evicted
 * @param maxLiveObjects more live objects than this evicts the least recently used
 * @param alarmRetryBase first retry delay of a failed alarm (doubles each retry)
 * @param alarmMaxRetries retries of a failed alarm before it is dropped
 * @param fsyncThreads platform threads that fsync WAL files for the output gate
 * @param sqlite per-object SQLite settings
 */
public record NodeOptions(
        String host,
        int httpPort,
        Path dataDir,
        String adminToken,
        long maxBodyBytes,
        long maxDeploymentBytes,
        Duration idleTimeout,
        int maxLiveObjects,
        Duration alarmRetryBase,
        int alarmMaxRetries,
        int fsyncThreads,
        SqliteOptions sqlite) {

    public static final long DEFAULT_MAX_BODY_BYTES = 100L * 1024 * 1024;

    public NodeOptions {
        Objects.requireNonNull(dataDir, "dataDir is required: the directory for object databases and deployments");
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is empty: give an address to bind, e.g. 127.0.0.1");
        }
        if (httpPort < 0 || httpPort > 65535) {
            throw new IllegalArgumentException("httpPort " + httpPort + " is outside 0..65535 (0 picks a free port)");
        }
        if (adminToken != null && adminToken.length() < 16) {
            throw new IllegalArgumentException("adminToken is too short (" + adminToken.length()
                    + " characters): use at least 16, or leave it unset to have one generated");
        }
        positive("maxBodyBytes", maxBodyBytes);
        positive("maxDeploymentBytes", maxDeploymentBytes);
        positive("maxLiveObjects", maxLiveObjects);
        positive("fsyncThreads", fsyncThreads);
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive, got " + idleTimeout);
        }
        if (alarmRetryBase == null || alarmRetryBase.isNegative() || alarmRetryBase.isZero()) {
            throw new IllegalArgumentException("alarmRetryBase must be positive, got " + alarmRetryBase);
        }
        if (alarmMaxRetries < 0) {
            throw new IllegalArgumentException("alarmMaxRetries must be 0 or more, got " + alarmMaxRetries);
        }
        Objects.requireNonNull(sqlite, "sqlite");
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().host(host).httpPort(httpPort).dataDir(dataDir).adminToken(adminToken)
                .maxBodyBytes(maxBodyBytes).maxDeploymentBytes(maxDeploymentBytes).idleTimeout(idleTimeout)
                .maxLiveObjects(maxLiveObjects).alarmRetryBase(alarmRetryBase).alarmMaxRetries(alarmMaxRetries)
                .fsyncThreads(fsyncThreads).sqlite(sqlite);
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int httpPort = 8787;
        private Path dataDir;
        private String adminToken;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private long maxDeploymentBytes = 64L * 1024 * 1024;
        private Duration idleTimeout = Duration.ofSeconds(60);
        private int maxLiveObjects = 10_000;
        private Duration alarmRetryBase = Duration.ofSeconds(2);
        private int alarmMaxRetries = 6;
        private int fsyncThreads = 4;
        private SqliteOptions sqlite = SqliteOptions.defaults();

        private Builder() {
        }

        public Builder host(String v) { host = v; return this; }
        public Builder httpPort(int v) { httpPort = v; return this; }
        public Builder dataDir(Path v) { dataDir = v; return this; }
        public Builder adminToken(String v) { adminToken = v; return this; }
        public Builder maxBodyBytes(long v) { maxBodyBytes = v; return this; }
        public Builder maxDeploymentBytes(long v) { maxDeploymentBytes = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder maxLiveObjects(int v) { maxLiveObjects = v; return this; }
        public Builder alarmRetryBase(Duration v) { alarmRetryBase = v; return this; }
        public Builder alarmMaxRetries(int v) { alarmMaxRetries = v; return this; }
        public Builder fsyncThreads(int v) { fsyncThreads = v; return this; }
        public Builder sqlite(SqliteOptions v) { sqlite = v; return this; }

        public NodeOptions build() {
            return new NodeOptions(host, httpPort, dataDir, adminToken, maxBodyBytes, maxDeploymentBytes,
                    idleTimeout, maxLiveObjects, alarmRetryBase, alarmMaxRetries, fsyncThreads, sqlite);
        }
    }
}
