package io.cairn.router.ownership;

import java.io.Serializable;
import java.util.List;

/**
 * Who holds an object. A holder that handed the object over keeps its name in the record with
 * {@code released} set, so the next owner knows whether that holder's copy is still the latest.
 *
 * @param nodeId     the node that holds (or last held) the object
 * @param epoch      rises each time the object changes hands (or is re-activated with replication)
 * @param released   the holder closed the object and everything it wrote is in object storage
 * @param bookmark   the last state handed over when released (null when unknown)
 * @param replicaSet the nodes whose quorum holds every acknowledged commit of this epoch (empty
 *                   without replication); the next owner's election must reach a quorum of them
 */
public record OwnerRecord(String nodeId, long epoch, boolean released, String bookmark, List<String> replicaSet)
        implements Serializable {

    public OwnerRecord {
        replicaSet = List.copyOf(replicaSet);
    }

    public static OwnerRecord held(String nodeId, long epoch, List<String> replicaSet) {
        return new OwnerRecord(nodeId, epoch, false, null, replicaSet);
    }

    public OwnerRecord releasedAt(String lastBookmark) {
        return new OwnerRecord(nodeId, epoch, true, lastBookmark, replicaSet);
    }

    public OwnerRecord withEpoch(long newEpoch) {
        return new OwnerRecord(nodeId, newEpoch, released, bookmark, replicaSet);
    }

    public OwnerRecord withReplicaSet(List<String> nodes) {
        return new OwnerRecord(nodeId, epoch, released, bookmark, nodes);
    }

    public boolean heldBy(String node) {
        return !released && nodeId.equals(node);
    }
}
