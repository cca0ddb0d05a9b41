package io.cairn.relay.capture;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A History held in memory, counting how many segments were opened. */
final class MemoryHistory implements History {

    final List<SnapshotRef> snapshots = new ArrayList<>();
    final List<SegmentRef> segments = new ArrayList<>();
    final Map<String, byte[]> blobs = new HashMap<>();
    int segmentOpens;

    SnapshotRef addSnapshot(long txid, long time, byte[] image) {
        SnapshotRef s = new SnapshotRef(txid, time, "snapshots/" + Bookmarks.format(txid));
        snapshots.add(s);
        blobs.put(s.key(), image);
        return s;
    }

    SegmentRef addSegment(List<CommitRecord> records) {
        CommitRecord first = records.getFirst();
        CommitRecord last = records.getLast();
        return addSegment(first.txid(), last.txid(), first.commitTimeMillis(), last.commitTimeMillis(),
                Records.encode(records));
    }

    SegmentRef addSegment(long firstTxid, long lastTxid, long firstTime, long lastTime, byte[] content) {
        SegmentRef s = new SegmentRef(firstTxid, lastTxid, firstTime, lastTime,
                "segments/" + Bookmarks.format(firstTxid) + "-" + Bookmarks.format(lastTxid) + "-" + segments.size());
        segments.add(s);
        blobs.put(s.key(), content);
        return s;
    }

    @Override
    public List<SnapshotRef> snapshots() {
        return List.copyOf(snapshots);
    }

    @Override
    public List<SegmentRef> segments() {
        return List.copyOf(segments);
    }

    @Override
    public InputStream openSnapshot(SnapshotRef s) throws IOException {
        return open(s.key());
    }

    @Override
    public InputStream openSegment(SegmentRef s) throws IOException {
        segmentOpens++;
        return open(s.key());
    }

    private InputStream open(String key) throws IOException {
        byte[] b = blobs.get(key);
        if (b == null) {
            throw new NoSuchFileException(key);
        }
        return new ByteArrayInputStream(b);
    }
}
