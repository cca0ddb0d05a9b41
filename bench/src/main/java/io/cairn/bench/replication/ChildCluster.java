package io.cairn.bench.replication;

import io.cairn.bench.Report;
import io.cairn.relay.store.S3Options;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Members as separate processes ({@link ChildMember}), one per slot, each with a fixed cluster port and
 * data directory so that a killed member comes back as the same node. Every member lists every slot's
 * cluster port as a seed.
 */
final class ChildCluster implements AutoCloseable {

    private static final Pattern OWNER = Pattern.compile("\"owner\":\\{[^}]*\"id\":\"([^\"]+)\"");
    private static final Pattern HOLDER = Pattern.compile("\"holder\":\"([^\"]+)\"");

    private final Path dataDir;
    private final Path logDir;
    private final S3Options s3;
    private final int replicas;
    private final int quorum;
    private final long memberTimeoutMs;
    private final String clusterName = "bench-failover-" + UUID.randomUUID().toString().substring(0, 8);
    private final String adminToken = "bench-" + UUID.randomUUID();
    private final int[] clusterPorts;
    private final ChildMember[] members;

    ChildCluster(Path dataDir, Path logDir, S3Options s3, int size, int replicas, int quorum, long memberTimeoutMs) {
        this.dataDir = dataDir;
        this.logDir = logDir;
        this.s3 = s3;
        this.replicas = replicas;
        this.quorum = quorum;
        this.memberTimeoutMs = memberTimeoutMs;
        this.clusterPorts = new int[size];
        this.members = new ChildMember[size];
        for (int i = 0; i < size; i++) {
            clusterPorts[i] = Http.freePort();
        }
    }

    int size() {
        return members.length;
    }

    String adminToken() {
        return adminToken;
    }

    void start(int slot) {
        List<String> seeds = new ArrayList<>();
        for (int p : clusterPorts) {
            seeds.add("127.0.0.1:" + p);
        }
        long t0 = System.nanoTime();
        Path log = logDir.resolve("member-" + slot + "-" + System.currentTimeMillis() + ".log");
        members[slot] = ChildMember.start(List.of("--data", dataDir.resolve("member-" + slot).toString(),
                "--cluster-port", String.valueOf(clusterPorts[slot]), "--seeds", String.join(",", seeds),
                "--cluster-name", clusterName, "--s3-endpoint", s3.endpoint(), "--bucket", s3.bucket(),
                "--access-key", s3.accessKey(), "--secret-key", s3.secretKey(), "--replicas", String.valueOf(replicas),
                "--quorum", String.valueOf(quorum), "--member-timeout-ms", String.valueOf(memberTimeoutMs),
                "--admin-token", adminToken), log);
        Report.progress("failover: member %d (%s, pid %d) at %s, ready in %d ms", slot, members[slot].nodeId,
                members[slot].process.pid(), members[slot].baseUri, (System.nanoTime() - t0) / 1_000_000);
    }

    /** SIGKILL without waiting for the process to be gone; the slot counts as dead at once. */
    ChildMember kill(int slot) {
        ChildMember m = members[slot];
        m.killNow();
        members[slot] = null;
        return m;
    }

    List<Integer> live() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < members.length; i++) {
            if (members[i] != null && members[i].process.isAlive()) {
                out.add(i);
            }
        }
        return out;
    }

    /** The log files of the members alive now. */
    List<Path> logs() {
        return live().stream().map(s -> members[s].log).toList();
    }

    URI base(int slot) {
        return members[slot].baseUri;
    }

    int slotOf(String nodeId) {
        for (int i = 0; i < members.length; i++) {
            if (members[i] != null && members[i].nodeId.equals(nodeId)) {
                return i;
            }
        }
        return -1;
    }

    /** How many members {@code slot} counts as active in its cluster view, or -1 if it does not answer. */
    int activeMembersSeenBy(int slot) {
        try {
            String body = admin(slot, "GET", "/admin/v1/cluster", null);
            return body.split("\"state\":\"active\"", -1).length - 1;
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** Waits until every live member counts {@code n} active members. */
    void awaitMembers(int n, Duration timeout) throws InterruptedException {
        Http.awaitTrue(timeout, "every live member to see " + n + " active members",
                () -> live().stream().allMatch(s -> activeMembersSeenBy(s) == n));
    }

    /** Deploys through the first live member and waits until every live member lists {@code app}. */
    void deploy(String app, byte[] jar, Duration timeout) throws InterruptedException {
        int via = live().getFirst();
        String r = admin(via, "POST", "/admin/v1/deployments", jar);
        if (!r.contains("\"" + app + "\"")) {
            throw new IllegalStateException("deployment of " + app + " refused: " + r);
        }
        Http.awaitTrue(timeout, "every member to list " + app, () -> live().stream().allMatch(s ->
                admin(s, "GET", "/admin/v1/deployments", null).contains("\"" + app + "\"")));
    }

    /** The placement owner and the ownership record's holder of {@code ns/name}, as {@code slot} sees them (null if none). */
    String[] ownerAndHolder(int slot, String ns, String name) {
        String body = admin(slot, "GET", "/admin/v1/objects/" + ns + "/" + name, null);
        Matcher o = OWNER.matcher(body);
        Matcher h = HOLDER.matcher(body);
        return new String[] {o.find() ? o.group(1) : null, h.find() ? h.group(1) : null};
    }

    String admin(int slot, String method, String path, byte[] body) {
        return Http.admin(base(slot), adminToken, method, path, body).body();
    }

    @Override
    public void close() {
        for (ChildMember m : members) {
            if (m != null) {
                m.close();
            }
        }
    }
}
