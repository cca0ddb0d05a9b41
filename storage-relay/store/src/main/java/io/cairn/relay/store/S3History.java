package io.cairn.relay.store;

import io.cairn.api.ObjectId;
import io.cairn.relay.capture.History;
import io.cairn.relay.capture.SegmentRef;
import io.cairn.relay.capture.SnapshotRef;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One object's stored history, read from the bucket: the input of the capture module's
 * {@code Restorer}.
 *
 * <p>The first question asked makes one paged LIST of the object's prefix; the answer is cached
 * for the life of this instance, because a restore asks for snapshots and segments several times
 * and LIST is the request that costs (make a new instance to see new uploads). Keys that are
 * neither segments nor snapshots ({@code meta.json}) are ignored. Streams are decompressed.
 */
public final class S3History implements History {

    private final ObjectStore store;
    private final ObjectLayout layout;
    private final ObjectId id;
    private List<SnapshotRef> snapshots;
    private List<SegmentRef> segments;

    public S3History(ObjectStore store, ObjectLayout layout, ObjectId id) {
        this.store = Objects.requireNonNull(store, "store");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.id = Objects.requireNonNull(id, "id");
    }

    public ObjectId objectId() {
        return id;
    }

    /** Snapshots, oldest (lowest txid) first. */
    @Override
    public synchronized List<SnapshotRef> snapshots() throws IOException {
        load();
        return snapshots;
    }

    /** Segments in txid order. */
    @Override
    public synchronized List<SegmentRef> segments() throws IOException {
        load();
        return segments;
    }

    /** Whether nothing at all is stored for the object. */
    public boolean isEmpty() throws IOException {
        return snapshots().isEmpty() && segments().isEmpty();
    }

    @Override
    public InputStream openSnapshot(SnapshotRef s) throws IOException {
        return open(s.key());
    }

    @Override
    public InputStream openSegment(SegmentRef s) throws IOException {
        return open(s.key());
    }

    private InputStream open(String key) throws IOException {
        try {
            return Compression.decompressing(store.open(key));
        } catch (ObjectStoreException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private void load() throws IOException {
        if (snapshots != null) {
            return;
        }
        List<StoredObject> listing;
        try {
            listing = store.list(layout.objectPrefix(id));
        } catch (ObjectStoreException e) {
            throw new IOException("cannot list the history of " + id + ": " + e.getMessage(), e);
        }
        List<SnapshotRef> snaps = new ArrayList<>();
        List<SegmentRef> segs = new ArrayList<>();
        for (StoredObject o : listing) {
            ObjectLayout.parseSnapshot(o.key()).ifPresent(snaps::add);
            ObjectLayout.parseSegment(o.key()).ifPresent(segs::add);
        }
        snaps.sort(Comparator.comparingLong(SnapshotRef::txid).thenComparingLong(SnapshotRef::timeMillis));
        segs.sort(Comparator.comparingLong(SegmentRef::firstTxid).thenComparingLong(SegmentRef::lastTxid));
        snapshots = List.copyOf(snaps);
        segments = List.copyOf(segs);
    }
}
