package io.cairn.router.admin;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.IExecutorService;
import io.cairn.router.ClusterOptions;
import io.cairn.router.membership.MemberInfo;
import io.cairn.router.membership.Membership;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /admin/v1/cluster} and object listings across every member. Each member answers for
 * itself through a Hazelcast executor task; a member that does not answer within two seconds is
 * shown as such (and its objects are missing from that listing) rather than failing the call.
 *
 * <p>Blocking: call from a worker or virtual thread, never from an event loop.
 */
public final class ClusterAdmin {

    static final String EXECUTOR = "cairn-admin";
    private static final long ANSWER_MS = 2000;

    private final Membership membership;
    private final ClusterOptions options;

    public ClusterAdmin(Membership membership, ClusterOptions options, NodeStats.LocalNodeInfo local) {
        this.membership = membership;
        this.options = options;
        membership.hazelcast().getUserContext().put(ClusterTasks.CONTEXT_KEY, local);
    }

    public Map<String, Object> view() {
        HazelcastInstance hz = membership.hazelcast();
        Map<Member, Future<NodeStats>> answers = executor().submitToAllMembers(new ClusterTasks.Stats());
        List<Map<String, Object>> members = new ArrayList<>();
        for (MemberInfo m : membership.view().all()) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", m.nodeId());
            row.put("address", m.httpAddress());
            row.put("clusterAddress", m.clusterAddress());
            row.put("self", m.nodeId().equals(membership.nodeId()));
            row.put("state", m.leaving() ? "leaving" : "active");
            NodeStats stats = answerOf(answers, m);
            if (stats != null) {
                // Each member counts the objects it keeps a copy of; no scan of the cluster-wide map,
                // which would wait on a member that stopped answering.
                row.put("objects", stats.localCopies());
                row.put("liveObjects", stats.liveObjects());
                row.put("webSockets", stats.webSockets());
                row.put("objectsByNamespace", stats.objectsByNamespace());
                row.put("replicatingObjects", stats.replicatingObjects());
                row.put("maxReplicaLagCommits", stats.maxReplicaLagCommits());
            } else {
                row.put("reachable", false);
            }
            members.add(row);
        }
        Map<String, Object> replication = new LinkedHashMap<>();
        replication.put("replicas", options.replicas());
        replication.put("quorum", options.quorum());
        replication.put("status", options.replicas() == 0
                ? "objects move between nodes through object storage; peer replication is off (--replicas 0)"
                : "each write is answered once " + options.quorum() + " of its object's " + options.replicas()
                        + " replicas hold it; per member: objects replicating and the largest replica lag (commits)");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("clusterName", options.clusterName());
        body.put("self", membership.nodeId());
        body.put("hazelcastMembers", hz.getCluster().getMembers().size());
        body.put("members", members);
        body.put("replication", replication);
        return body;
    }

    /** Names from every member, merged in order and de-duplicated (an object that moved is known to several). */
    public List<String> listObjects(String namespace, String prefix, String after, int limit) {
        Map<Member, Future<ArrayList<String>>> answers = executor().submitToAllMembers(
                new ClusterTasks.ListObjects(namespace, prefix, after, limit));
        TreeSet<String> merged = new TreeSet<>();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<Member, Future<ArrayList<String>>> e : answers.entrySet()) {
            try {
                merged.addAll(e.getValue().get(ANSWER_MS, TimeUnit.MILLISECONDS));
            } catch (Exception ex) {
                missing.add(String.valueOf(e.getKey().getAddress()));
            }
        }
        if (!missing.isEmpty() && merged.isEmpty() && answers.size() == missing.size()) {
            throw new IllegalStateException("no member answered the listing (" + missing + "); retry shortly");
        }
        return merged.stream().limit(limit).toList();
    }

    private IExecutorService executor() {
        return membership.hazelcast().getExecutorService(EXECUTOR);
    }

    private static NodeStats answerOf(Map<Member, Future<NodeStats>> answers, MemberInfo m) {
        for (Map.Entry<Member, Future<NodeStats>> e : answers.entrySet()) {
            if (e.getKey().getUuid().equals(m.memberUuid())) {
                try {
                    return e.getValue().get(ANSWER_MS, TimeUnit.MILLISECONDS);
                } catch (Exception ex) {
                    return null;
                }
            }
        }
        return null;
    }
}
