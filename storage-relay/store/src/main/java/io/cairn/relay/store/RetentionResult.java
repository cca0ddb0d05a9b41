package io.cairn.relay.store;

import io.cairn.api.ObjectId;
import io.cairn.relay.capture.SnapshotRef;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link Retention#sweep} removed.
 *
 * @param base             the snapshot every kept moment is restored from (the newest at or before
 *                         the window's start); empty when no snapshot is that old, so nothing was deleted
 * @param deletedSnapshots keys of deleted snapshots, in txid order
 * @param deletedSegments  keys of deleted segments, in txid order
 * @param deletedBytes     their total size
 */
public record RetentionResult(ObjectId id, Optional<SnapshotRef> base, List<String> deletedSnapshots,
                              List<String> deletedSegments, long deletedBytes) {

    public RetentionResult {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(base, "base");
        deletedSnapshots = List.copyOf(deletedSnapshots);
        deletedSegments = List.copyOf(deletedSegments);
    }

    public int deletedCount() {
        return deletedSnapshots.size() + deletedSegments.size();
    }
}
