package io.cairn.relay;

import io.cairn.api.ObjectId;
import io.cairn.relay.capture.RestoreGapException;
import io.cairn.relay.capture.RestoreProgress;
import io.cairn.relay.capture.RestoreResult;
import io.cairn.relay.capture.Restorer;
import io.cairn.relay.store.ObjectLayout;
import io.cairn.relay.store.ObjectStore;
import io.cairn.relay.store.ObjectStoreException;
import io.cairn.relay.store.S3History;
import io.cairn.runtime.spi.StorageUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings an object back from object storage when its database file is missing on this node (a
 * lost disk, a new node on the same bucket). The check is one existence lookup of the object's
 * meta key — never a LIST — so creating new objects stays cheap.
 */
final class DisasterRecovery {

    private static final Logger LOG = LoggerFactory.getLogger(DisasterRecovery.class);

    private final ObjectStore store;
    private final ObjectLayout layout;

    DisasterRecovery(ObjectStore store, ObjectLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    /** Restores the newest stored state into {@code dbFile} when the file is missing and storage has the object. */
    void restoreIfMissing(ObjectId id, Path dbFile, RelayedObject obj, Instant now) {
        if (Files.exists(dbFile)) {
            return;
        }
        boolean known;
        try {
            known = store.exists(layout.metaKey(id));
        } catch (ObjectStoreException e) {
            // Creating the object now could fork one that exists only in object storage.
            throw new StorageUnavailableException("cannot tell whether " + id + " exists in object storage ("
                    + e.getMessage() + "); retry once object storage is reachable", e);
        }
        if (!known) {
            return;
        }
        try {
            S3History history = new S3History(store, layout, id);
            OptionalLong latest = Restorer.latestTxid(history);
            if (latest.isEmpty()) {
                return;
            }
            Files.createDirectories(dbFile.getParent());
            RestoreResult r = Restorer.restore(history, latest.getAsLong(), dbFile, RestoreProgress.NONE);
            obj.resetTo(r.txid(), Instant.ofEpochMilli(Math.max(r.commitTimeMillis(), 0)));
            LOG.info("{}: restored from object storage at {} ({} bytes read, {} segments)", id,
                    io.cairn.relay.capture.Bookmarks.format(r.txid()), r.bytesRead(), r.segmentsApplied());
        } catch (RestoreGapException e) {
            throw new IllegalStateException("cannot bring " + id + " back from object storage: " + e.getMessage(), e);
        } catch (ObjectStoreException e) {
            throw new StorageUnavailableException("cannot bring " + id + " back from object storage: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bring " + id + " back from object storage: " + e.getMessage(), e);
        }
    }
}
