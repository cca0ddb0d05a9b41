package io.cairn.router.membership;

import java.io.Serializable;
import java.util.Objects;
import java.util.UUID;

/**
 * One node as the cluster knows it: its stable id (kept in its data directory, so a restarted node
 * gets its objects back), the address of its HTTP front, and the Hazelcast member it runs.
 *
 * @param leaving            the node is shutting down gracefully: it owns nothing any more and hands objects over
 * @param replicationAddress {@code host:port} of its replica server, or null when it keeps no replicas
 */
public record MemberInfo(String nodeId, String httpAddress, String clusterAddress, UUID memberUuid, boolean leaving,
                         String replicationAddress) implements Serializable {

    public MemberInfo {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(httpAddress, "httpAddress");
        Objects.requireNonNull(memberUuid, "memberUuid");
    }

    public MemberInfo asLeaving() {
        return new MemberInfo(nodeId, httpAddress, clusterAddress, memberUuid, true, replicationAddress);
    }
}
