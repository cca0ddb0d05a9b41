package io.cairn.router.ownership;

import java.io.Serializable;

/**
 * Who holds an object. A holder that handed the object over keeps its name in the record with
 * {@code released} set, so the next owner knows whether that holder's copy is still the latest.
 *
 * @param nodeId   the node that holds (or last held) the object
 * @param epoch    rises by one each time the object changes hands
 * @param released the holder closed the object and everything it wrote is in object storage
 * @param bookmark the last state handed over when released (null when unknown)
 */
public record OwnerRecord(String nodeId, long epoch, boolean released, String bookmark) implements Serializable {

    public static OwnerRecord held(String nodeId, long epoch) {
        return new OwnerRecord(nodeId, epoch, false, null);
    }

    public OwnerRecord releasedAt(String lastBookmark) {
        return new OwnerRecord(nodeId, epoch, true, lastBookmark);
    }

    public boolean heldBy(String node) {
        return !released && nodeId.equals(node);
    }
}
