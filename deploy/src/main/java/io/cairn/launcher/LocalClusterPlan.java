package io.cairn.launcher;

import io.cairn.router.ClusterOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where {@code cairn local-cluster}'s processes go: node {@code i} (1..N) listens for HTTP on
 * {@code basePort + i - 1} and for members on {@code clusterBasePort + 2(i - 1)} (its replica
 * server takes the port after that, the router's default), keeps its data in
 * {@code .cairn/cluster/node-i}; the embedded S3 store keeps its buckets in
 * {@code .cairn/cluster/s3}; every node shares the admin token in {@code .cairn/admin-token} and
 * lists every member (itself included) as a seed. A pure function of its inputs.
 *
 * @param nodes the members, node-1 first
 * @param s3Port the embedded S3 store's port; 0 picks a free one
 * @param s3Dir the S3 store's buckets
 * @param tokenFile the admin token every node uses
 */
record LocalClusterPlan(List<Member> nodes, int s3Port, Path s3Dir, Path tokenFile) {

    static final String HOST = "127.0.0.1";
    static final int MAX_NODES = 9;
    static final String BUCKET = "cairn-cluster";

    /**
     * One node.
     *
     * @param index 1..N
     * @param httpPort its HTTP port on {@link #HOST}
     * @param clusterPort its member port on {@link #HOST}; its replica server listens on the next one
     * @param dataDir its {@code --data}
     */
    record Member(int index, int httpPort, int clusterPort, Path dataDir) {

        /** {@code node-i}: the prefix of its output and its directory's name. */
        String name() {
            return "node-" + index;
        }

        String url() {
            return "http://" + HOST + ":" + httpPort;
        }

        String clusterAddress() {
            return HOST + ":" + clusterPort;
        }

        /** The router's default replication port: the member port + 1. */
        int replicationPort() {
            return clusterPort + 1;
        }
    }

    LocalClusterPlan {
        nodes = List.copyOf(nodes);
    }

    /**
     * @param workDir the directory whose {@code .cairn/} holds everything
     * @throws IllegalArgumentException naming the flag at fault: a count out of 1..9, a port range
     *     past 65535, or two ranges that overlap
     */
    static LocalClusterPlan of(int nodes, int basePort, int clusterBasePort, int s3Port, Path workDir) {
        if (nodes < 1 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("--nodes must be 1.." + MAX_NODES + ", got " + nodes);
        }
        checkRange("--base-port", basePort, nodes);
        checkRange("--cluster-base-port", clusterBasePort, 2 * nodes);
        if (s3Port < 0 || s3Port > 65535) {
            throw new IllegalArgumentException("--s3-port must be 0..65535 (0 picks a free port), got " + s3Port);
        }
        Map<Integer, String> taken = new HashMap<>();
        for (int i = 0; i < nodes; i++) {
            claim(taken, basePort + i, "--base-port (HTTP of node-" + (i + 1) + ")");
        }
        for (int i = 0; i < nodes; i++) {
            claim(taken, clusterBasePort + 2 * i, "--cluster-base-port (member port of node-" + (i + 1) + ")");
            claim(taken, clusterBasePort + 2 * i + 1, "--cluster-base-port (replication port of node-" + (i + 1) + ")");
        }
        if (s3Port != 0) {
            claim(taken, s3Port, "--s3-port");
        }
        Path cairnDir = workDir.toAbsolutePath().normalize().resolve(".cairn");
        Path clusterDir = cairnDir.resolve("cluster");
        List<Member> members = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            members.add(new Member(i, basePort + i - 1, clusterBasePort + 2 * (i - 1), clusterDir.resolve("node-" + i)));
        }
        return new LocalClusterPlan(members, s3Port, clusterDir.resolve("s3"), cairnDir.resolve("admin-token"));
    }

    /** Every member's address, which every node is given as {@code --seeds}. */
    String seeds() {
        return String.join(",", nodes.stream().map(Member::clusterAddress).toList());
    }

    /** The fixed ports to check before starting anything, each with what it is for and the flag that moves it. */
    Map<Integer, String> fixedPorts() {
        Map<Integer, String> ports = new LinkedHashMap<>();
        for (Member m : nodes) {
            ports.put(m.httpPort(), "the HTTP port of " + m.name() + " (--base-port)");
        }
        for (Member m : nodes) {
            ports.put(m.clusterPort(), "the member port of " + m.name() + " (--cluster-base-port)");
            ports.put(m.replicationPort(), "the replication port of " + m.name() + " (--cluster-base-port)");
        }
        if (s3Port != 0) {
            ports.put(s3Port, "the embedded S3 store's port (--s3-port)");
        }
        return ports;
    }

    /**
     * Peer replicas per object: every other node, at most the node default
     * ({@value ClusterOptions#DEFAULT_REPLICAS}), so writes go on with the nodes there are.
     */
    int replicas() {
        return Math.min(ClusterOptions.DEFAULT_REPLICAS, nodes.size() - 1);
    }

    /**
     * Replicas that must hold a write: a majority (3 of 5, as the node defaults), so that any two
     * quorums share a replica and a failover finds every acknowledged write.
     */
    int quorum() {
        return replicas() == 0 ? 0 : replicas() / 2 + 1;
    }

    /** The {@code cairn} arguments that run {@code m}; secrets and S3 settings travel in {@link #environment}. */
    List<String> nodeArgs(Member m) {
        return List.of("node",
                "--host", HOST,
                "--http-port", Integer.toString(m.httpPort()),
                "--cluster-host", HOST,
                "--cluster-port", Integer.toString(m.clusterPort()),
                "--seeds", seeds(),
                "--replicas", Integer.toString(replicas()),
                "--quorum", Integer.toString(quorum()),
                "--data", m.dataDir().toString());
    }

    /**
     * A node's environment: the parent's without any {@code CAIRN_*} variable (a stray
     * {@code CAIRN_KUBERNETES_SERVICE} or {@code CAIRN_REPLICAS} must not leak into the nodes),
     * plus the admin token and the S3 store's settings, kept out of the command line that
     * {@code ps} shows.
     */
    static Map<String, String> environment(Map<String, String> parent, String token, String s3Endpoint,
                                           String accessKey, String secretKey) {
        Map<String, String> env = new LinkedHashMap<>();
        parent.forEach((k, v) -> {
            if (!k.startsWith("CAIRN_")) {
                env.put(k, v);
            }
        });
        env.put("CAIRN_ADMIN_TOKEN", token);
        env.put("CAIRN_S3_ENDPOINT", s3Endpoint);
        env.put("CAIRN_S3_BUCKET", BUCKET);
        env.put("CAIRN_S3_ACCESS_KEY", accessKey);
        env.put("CAIRN_S3_SECRET_KEY", secretKey);
        return env;
    }

    private static void checkRange(String flag, int base, int nodes) {
        if (base < 1 || base + nodes - 1 > 65535) {
            throw new IllegalArgumentException(flag + " must be 1.." + (65536 - nodes) + " (room for " + nodes + " port"
                    + (nodes == 1 ? "" : "s") + " up to 65535), got " + base);
        }
    }

    private static void claim(Map<Integer, String> taken, int port, String what) {
        String other = taken.putIfAbsent(port, what);
        if (other != null) {
            throw new IllegalArgumentException("port " + port + " would serve both " + other + " and " + what
                    + "; move one range with --base-port, --cluster-base-port or --s3-port");
        }
    }
}
