package io.cairn.relay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.ObjectId;
import io.cairn.relay.capture.SegmentRef;
import io.cairn.relay.capture.SnapshotRef;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ObjectLayoutTest {

    private final ObjectLayout layout = new ObjectLayout("cluster-a/");
    private final ObjectId id = new ObjectId("counter", "user/42 ../é");

    @Test
    void keysFollowTheDocumentedShape() {
        String hash = ObjectLayout.nameHash(id);
        assertThat(hash).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(layout.objectPrefix(id)).isEqualTo("cluster-a/objects/counter/" + hash + "/");
        assertThat(layout.metaKey(id)).isEqualTo("cluster-a/objects/counter/" + hash + "/meta.json");
        assertThat(layout.segmentKey(id, 1, 255, 1_700_000_000_000L, 1_700_000_010_000L))
                .isEqualTo("cluster-a/objects/counter/" + hash
                        + "/segments/0000000000000001-00000000000000ff-1700000000000-1700000010000.seg.zst");
        assertThat(layout.snapshotKey(id, 4096, 1_700_000_000_123L))
                .isEqualTo("cluster-a/objects/counter/" + hash + "/snapshots/0000000000001000-1700000000123.db.zst");
        assertThat(new ObjectLayout("").metaKey(id)).startsWith("objects/counter/");
    }

    @Test
    void theNameHashIsSha256OfNamespaceNulName() throws Exception {
        var sha = java.security.MessageDigest.getInstance("SHA-256");
        String expected = java.util.HexFormat.of().formatHex(
                sha.digest(("counter\0" + id.name()).getBytes(StandardCharsets.UTF_8)));
        assertThat(ObjectLayout.nameHash(id)).isEqualTo(expected);
        // The separator keeps ("ab","c") and ("a","bc")-style pairs apart.
        assertThat(ObjectLayout.nameHash(new ObjectId("ab", "c"))).isNotEqualTo(ObjectLayout.nameHash(new ObjectId("a", "bc")));
    }

    @Test
    void parseInvertsFormat() {
        String seg = layout.segmentKey(id, 17, 42, 1000, 2000);
        assertThat(ObjectLayout.parseSegment(seg)).contains(new SegmentRef(17, 42, 1000, 2000, seg));
        String snap = layout.snapshotKey(id, Long.MAX_VALUE, ObjectLayout.MAX_MILLIS);
        assertThat(ObjectLayout.parseSnapshot(snap)).contains(new SnapshotRef(Long.MAX_VALUE, ObjectLayout.MAX_MILLIS, snap));
        assertThat(ObjectLayout.parseSegment(snap)).isEmpty();
        assertThat(ObjectLayout.parseSnapshot(seg)).isEmpty();
    }

    @Test
    void parseRejectsForeignAndMalformedKeys() {
        String base = layout.objectPrefix(id);
        for (String key : List.of(base + "meta.json",
                base + "segments/0000000000000001-0000000000000002-0000000001000-0000000002000.seg",
                base + "segments/0000000000000002-0000000000000001-0000000001000-0000000002000.seg.zst",
                base + "segments/000000000000000G-0000000000000002-0000000001000-0000000002000.seg.zst",
                base + "segments/8000000000000000-8000000000000001-0000000001000-0000000002000.seg.zst",
                base + "snapshots/0000000000000001-000000001000.db.zst",
                base + "snapshots/0000000000000001-0000000001000.db.zst.tmp",
                base + "other/0000000000000001-0000000001000.db.zst")) {
            assertThat(ObjectLayout.parseSegment(key)).as(key).isEmpty();
            assertThat(ObjectLayout.parseSnapshot(key)).as(key).isEmpty();
        }
    }

    @Test
    void lexicalKeyOrderIsTxidOrder() {
        Random random = new Random(7);
        List<long[]> ranges = new ArrayList<>();
        long txid = 0;
        for (int i = 0; i < 500; i++) {
            long len = 1 + (random.nextInt(10) == 0 ? random.nextInt(1_000_000_000) : random.nextInt(300));
            ranges.add(new long[] {txid, txid + len - 1});
            txid += len;
        }
        ranges.add(new long[] {Long.MAX_VALUE - 10, Long.MAX_VALUE});
        List<String> keys = new ArrayList<>();
        long ms = 1_000;
        for (long[] r : ranges) {
            keys.add(layout.segmentKey(id, r[0], r[1], ms, ms + 5));
            ms += 1 + random.nextInt(100_000);
        }
        List<String> lexical = keys.stream().sorted().toList();
        assertThat(lexical).isEqualTo(keys);
        List<SegmentRef> parsed = lexical.stream().map(k -> ObjectLayout.parseSegment(k).orElseThrow()).toList();
        assertThat(parsed).isSortedAccordingTo(Comparator.comparingLong(SegmentRef::firstTxid));

        List<String> snaps = new ArrayList<>();
        for (long t : new long[] {0, 9, 10, 255, 256, 4095, 1L << 40, Long.MAX_VALUE}) {
            snaps.add(layout.snapshotKey(id, t, Instant.parse("2026-01-01T00:00:00Z").toEpochMilli()));
        }
        assertThat(snaps.stream().sorted().toList()).isEqualTo(snaps);
    }

    @Test
    void refusesValuesThatWouldBreakTheOrder() {
        assertThatThrownBy(() -> layout.segmentKey(id, -1, 3, 0, 0)).hasMessageContaining("firstTxid");
        assertThatThrownBy(() -> layout.segmentKey(id, 5, 3, 0, 0)).hasMessageContaining("firstTxid 5 > lastTxid 3");
        assertThatThrownBy(() -> layout.snapshotKey(id, 1, -5)).hasMessageContaining("ms must be");
        assertThatThrownBy(() -> layout.snapshotKey(id, 1, ObjectLayout.MAX_MILLIS + 1)).hasMessageContaining("ms must be");
        assertThatThrownBy(() -> new ObjectLayout("no-slash")).hasMessageContaining("no-slash");
    }

    @Test
    void metaJsonRoundTrips() {
        ObjectMeta meta = ObjectMeta.of(id, 4096, Instant.parse("2026-03-01T12:00:00.123Z"));
        String json = new String(meta.toJson(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"namespace\":\"counter\"", "\"pageSize\":4096", "\"created\":\"2026-03-01T12:00:00.123Z\"");
        assertThat(ObjectMeta.parse(meta.toJson(), "k")).isEqualTo(meta);
        assertThat(ObjectMeta.parse(meta.toJson(), "k").objectId()).isEqualTo(id);
        assertThatThrownBy(() -> ObjectMeta.parse("{\"namespace\":1}".getBytes(StandardCharsets.UTF_8), "some/key"))
                .hasMessageContaining("some/key");
        assertThatThrownBy(() -> ObjectMeta.of(id, 1000, Instant.EPOCH)).hasMessageContaining("page size");
    }
}
