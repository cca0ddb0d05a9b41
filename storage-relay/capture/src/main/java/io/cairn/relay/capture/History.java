package io.cairn.relay.capture;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * What is stored for one object: snapshots and segments of one history (one timeline: after a restore to
 * an older txid the store must not mix the abandoned commits with new ones under the same txids). The
 * store implements it over object storage; tests implement it in memory.
 */
public interface History {

    List<SnapshotRef> snapshots() throws IOException;

    List<SegmentRef> segments() throws IOException;

    /** The raw database file image at {@code s.txid()}, already decompressed. */
    InputStream openSnapshot(SnapshotRef s) throws IOException;

    /** The segment's records, already decompressed. */
    InputStream openSegment(SegmentRef s) throws IOException;
}
