package io.cairn.router.admin;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What one node reports about itself for the cluster view and listings; answered by
 * {@link LocalNodeInfo} on that node.
 */
public record NodeStats(String nodeId, int liveObjects, int webSockets, int localCopies, Map<String, Long> objectsByNamespace,
                        int replicatingObjects, long maxReplicaLagCommits) implements Serializable {

    public NodeStats {
        objectsByNamespace = Map.copyOf(objectsByNamespace);
    }

    /** Answers cluster-wide questions about this node (called from other members' tasks). */
    public interface LocalNodeInfo {
        NodeStats stats();

        List<String> listObjects(String namespace, String prefix, String after, int limit);
    }
}
