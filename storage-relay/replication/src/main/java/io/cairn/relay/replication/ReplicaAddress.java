package io.cairn.relay.replication;

import java.util.Objects;

/**
 * The TCP address of a node's {@link ReplicaServer}.
 *
 * @param host host name or IP literal
 * @param port TCP port
 */
public record ReplicaAddress(String host, int port) {

    public ReplicaAddress {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("invalid port " + port);
        }
    }

    /** Parses {@code host:port}. */
    public static ReplicaAddress parse(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("expected host:port, got " + hostPort);
        }
        return new ReplicaAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
