package io.cairn.relay;

import io.cairn.api.ObjectId;
import io.cairn.relay.capture.CommitRecord;

/**
 * Follows what the relay captures, for replication to peer nodes. Set once with
 * {@link StorageRelay#setCommitListener} before the node starts.
 */
public interface CommitListener {

    CommitListener NONE = new CommitListener() {
        @Override
        public void captured(ObjectId id, CommitRecord record) {
        }
    };

    /**
     * A commit was captured into the spool (not yet fsynced). Called on the object's thread, in
     * txid order, before the commit goes to the output gate; must not block.
     */
    void captured(ObjectId id, CommitRecord record);

    /**
     * Before an event of {@code id} that wrote is committed (object's thread): throw
     * {@link io.cairn.runtime.spi.StorageUnavailableException} when it could not be made durable now.
     */
    default void beforeCommit(ObjectId id) {
    }

    /** The highest txid of {@code id} that may go to object storage (only commits a quorum holds). */
    default long shippable(ObjectId id) {
        return Long.MAX_VALUE;
    }

    /** The object's database was closed on this node (eviction, hand-over, shutdown). */
    default void closed(ObjectId id) {
    }
}
