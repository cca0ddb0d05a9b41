package io.cairn.router;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a node joins a cluster. Defaults suit a LAN or loopback: members found from seed
 * addresses over TCP, failure noticed in seconds.
 *
 * @param clusterHost       the address other members reach this one on (also bound)
 * @param clusterPort       the Hazelcast member port; 0 picks a free one
 * @param seeds             {@code host:port} of members to join through (may include this node's own)
 * @param clusterName       members join only a cluster of the same name
 * @param heartbeatInterval how often members tell each other they are alive
 * @param memberTimeout     a member silent this long is declared dead (a hung process, not only a closed socket)
 * @param replicas          peer replicas per object (storage relay II; 0 = none)
 * @param quorum            replicas that must hold a commit before its outputs leave
 * @param handoffTimeout    how long a new owner waits for the old one to hand an object over
 * @param kubernetes        discover members through the Kubernetes API instead of seeds
 * @param replicationPort   the port of this node's replica server; -1 = cluster port + 1, 0 = a free one
 */
public record ClusterOptions(String clusterHost, int clusterPort, List<String> seeds, String clusterName,
                             Duration heartbeatInterval, Duration memberTimeout, int replicas, int quorum,
                             Duration handoffTimeout, KubernetesDiscovery kubernetes, int replicationPort) {

    public static final int DEFAULT_CLUSTER_PORT = 5701;
    public static final int DEFAULT_REPLICAS = 5;
    public static final int DEFAULT_QUORUM = 3;

    /** Kubernetes discovery through the API server: members are the pods behind {@code serviceName}. */
    public record KubernetesDiscovery(String namespace, String serviceName) {
        public KubernetesDiscovery {
            Objects.requireNonNull(serviceName, "serviceName");
        }
    }

    public ClusterOptions {
        Objects.requireNonNull(clusterHost, "clusterHost");
        seeds = List.copyOf(seeds);
        Objects.requireNonNull(clusterName, "clusterName");
        if (clusterPort < 0 || clusterPort > 65535) {
            throw new IllegalArgumentException("cluster port must be 0..65535, got " + clusterPort);
        }
        for (String s : seeds) {
            seedProblem(s);
        }
        if (heartbeatInterval.isNegative() || heartbeatInterval.isZero()) {
            throw new IllegalArgumentException("heartbeat interval must be positive, got " + heartbeatInterval);
        }
        if (memberTimeout.compareTo(heartbeatInterval.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("member timeout (" + memberTimeout + ") must be at least two heartbeats ("
                    + heartbeatInterval.multipliedBy(2) + ")");
        }
        if (replicas < 0) {
            throw new IllegalArgumentException("--replicas must be 0 or more, got " + replicas);
        }
        if (quorum < 0 || quorum > replicas) {
            throw new IllegalArgumentException("--quorum must be 0.." + replicas + " (at most --replicas), got " + quorum);
        }
        if (replicas > 0 && quorum * 2 <= replicas) {
            // Two quorums must share a replica, or a new owner's election could miss an acknowledged write.
            throw new IllegalArgumentException("--quorum must be a majority of --replicas: with --replicas " + replicas
                    + " use --quorum " + (replicas / 2 + 1) + ".." + replicas + ", got " + quorum);
        }
        if (replicationPort < -1 || replicationPort > 65535) {
            throw new IllegalArgumentException("replication port must be 0..65535 (or -1 for cluster port + 1), got " + replicationPort);
        }
        if (handoffTimeout.isNegative() || handoffTimeout.isZero()) {
            throw new IllegalArgumentException("handoff timeout must be positive, got " + handoffTimeout);
        }
    }

    private static void seedProblem(String seed) {
        int colon = seed.lastIndexOf(':');
        if (seed.isBlank() || colon <= 0 || colon == seed.length() - 1) {
            throw new IllegalArgumentException("seed '" + seed + "' is not host:port (e.g. 127.0.0.1:5701)");
        }
        try {
            int port = Integer.parseInt(seed.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("seed '" + seed + "' has no valid port (1..65535)");
        }
    }

    /** Loopback defaults for one machine: port 5701, no seeds, 1 s heartbeats, 5 s to declare a member dead. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.clusterHost = clusterHost;
        b.clusterPort = clusterPort;
        b.seeds = seeds;
        b.clusterName = clusterName;
        b.heartbeatInterval = heartbeatInterval;
        b.memberTimeout = memberTimeout;
        b.replicas = replicas;
        b.quorum = quorum;
        b.handoffTimeout = handoffTimeout;
        b.kubernetes = kubernetes;
        b.replicationPort = replicationPort;
        return b;
    }

    public static final class Builder {
        private String clusterHost = "127.0.0.1";
        private int clusterPort = DEFAULT_CLUSTER_PORT;
        private List<String> seeds = List.of();
        private String clusterName = "cairn";
        private Duration heartbeatInterval = Duration.ofSeconds(1);
        private Duration memberTimeout = Duration.ofSeconds(5);
        private int replicas = DEFAULT_REPLICAS;
        private int quorum = DEFAULT_QUORUM;
        private Duration handoffTimeout = Duration.ofSeconds(15);
        private KubernetesDiscovery kubernetes;
        private int replicationPort = -1;

        public Builder clusterHost(String v) { this.clusterHost = v; return this; }
        public Builder clusterPort(int v) { this.clusterPort = v; return this; }
        public Builder seeds(List<String> v) { this.seeds = v; return this; }
        public Builder clusterName(String v) { this.clusterName = v; return this; }
        public Builder heartbeatInterval(Duration v) { this.heartbeatInterval = v; return this; }
        public Builder memberTimeout(Duration v) { this.memberTimeout = v; return this; }
        public Builder replicas(int v) { this.replicas = v; return this; }
        public Builder quorum(int v) { this.quorum = v; return this; }
        public Builder handoffTimeout(Duration v) { this.handoffTimeout = v; return this; }
        public Builder kubernetes(KubernetesDiscovery v) { this.kubernetes = v; return this; }
        public Builder replicationPort(int v) { this.replicationPort = v; return this; }

        public ClusterOptions build() {
            return new ClusterOptions(clusterHost, clusterPort, seeds, clusterName, heartbeatInterval, memberTimeout,
                    replicas, quorum, handoffTimeout, kubernetes, replicationPort);
        }
    }
}
