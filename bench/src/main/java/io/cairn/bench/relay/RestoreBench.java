package io.cairn.bench.relay;

import io.cairn.api.ObjectId;
import io.cairn.api.Request;
import io.cairn.bench.AppJar;
import io.cairn.bench.Args;
import io.cairn.bench.Driver;
import io.cairn.bench.Env;
import io.cairn.bench.Report;
import io.cairn.bench.objects.EventLog;
import io.cairn.relay.RelayOptions;
import io.cairn.relay.StorageRelay;
import io.cairn.relay.capture.RestoreProgress;
import io.cairn.relay.capture.RestoreResult;
import io.cairn.relay.capture.Restorer;
import io.cairn.relay.capture.SegmentRef;
import io.cairn.relay.capture.SnapshotRef;
import io.cairn.relay.store.EmbeddedS3;
import io.cairn.relay.store.MinioObjectStore;
import io.cairn.relay.store.ObjectLayout;
import io.cairn.relay.store.ObjectStore;
import io.cairn.relay.store.S3History;
import io.cairn.relay.store.S3Options;
import io.cairn.relay.store.StoredObject;
import io.cairn.runtime.CairnNode;
import io.cairn.runtime.NodeOptions;
import io.cairn.runtime.deploy.ConstructorCheck;
import io.cairn.runtime.exec.CallChain;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Relay benchmark 2: restore speed. Databases of {@code --db-mib} are written through real nodes with
 * the storage relay (one INSERT of a ~4 KB text row per event), then restored with
 * {@link Restorer#restore} from the embedded s3proxy, against a raw GET of exactly the stored objects the
 * restore reads (same store, same keys, same order, no decompression), in interleaved rounds.
 *
 * <p>Histories: object {@code a} at the relay's defaults (a snapshot whenever the captured bytes
 * exceed max(64 MiB, db size)); restored at its newest snapshot (one GET, no segment) and at its latest
 * txid (that snapshot plus the segments after it). Object {@code b} with snapshots effectively off
 * (only the initial, empty one): its latest state is replayed from segments alone, the worst case of a
 * long chain.
 */
final class RestoreBench {

    static final String NAME = "relay_restore";

    private final long dbBytes;
    private final int rounds;
    private final int rowBytes;
    private final int concurrency;

    RestoreBench(Args args) {
        this.dbBytes = args.getLong("db-mib", 96) << 20;
        this.rounds = args.getInt("rounds", 5);
        this.rowBytes = args.getInt("row-bytes", 4000);
        this.concurrency = args.getInt("concurrency", 64);
    }

    /** One restore target: what the restore reads, and the raw baseline of the same keys. */
    private record Target(String name, S3Options options, ObjectId id, long txid, String snapshotKey, List<String> segmentKeys,
                          long storedBytes, ObjectLayout layout) {
    }

    void run() throws Exception {
        Path dir = Env.tempDir("cairn-bench-relay-restore");
        EmbeddedS3 s3 = null;
        ObjectStore store = null;
        try {
            s3 = RelayEnv.startS3(dir.resolve("s3"));
            S3Options base = s3.options(RelayEnv.BUCKET);
            store = MinioObjectStore.connect(base);
            byte[] jar = AppJar.of("bench-relay-restore", Map.of("events", EventLog.class));
            ObjectId a = new ObjectId("events", "a");
            ObjectId b = new ObjectId("events", "b");
            S3Options optA = base.withPrefix("defaults/");
            S3Options optB = base.withPrefix("segments/");
            long dbA = build(dir.resolve("node-a"), RelayOptions.defaults(optA), jar, a);
            long dbB = build(dir.resolve("node-b"), RelayOptions.defaults(optB).withSnapshotEvery(1L << 50), jar, b);

            List<Target> targets = new ArrayList<>();
            S3History ha = new S3History(store, new ObjectLayout(optA.prefix()), a);
            SnapshotRef newest = ha.snapshots().getLast();
            if (newest.txid() == 0) {
                Report.progress("%s: object a has no snapshot beyond the initial one; raise --db-mib", NAME);
            }
            targets.add(target("a_at_snapshot", optA, store, a, newest.txid()));
            targets.add(target("a_latest", optA, store, a, Restorer.latestTxid(ha).orElseThrow()));
            S3History hb = new S3History(store, new ObjectLayout(optB.prefix()), b);
            targets.add(target("b_latest_segments_only", optB, store, b, Restorer.latestTxid(hb).orElseThrow()));
            for (Target t : targets) {
                Report.progress("%s: %s txid %d: snapshot %s + %d segments, %.1f MiB stored", NAME, t.name(), t.txid(),
                        t.snapshotKey().substring(t.snapshotKey().lastIndexOf('/') + 1), t.segmentKeys().size(), t.storedBytes() / 1048576.0);
            }
            StringBuilder shapes = new StringBuilder();
            for (String prefix : List.of(optA.prefix(), optB.prefix())) {
                List<StoredObject> listing = store.list(prefix);
                List<StoredObject> snaps = listing.stream().filter(o -> o.key().contains("/snapshots/")).toList();
                List<StoredObject> segs = listing.stream().filter(o -> o.key().contains("/segments/")).toList();
                for (StoredObject o : segs) {
                    Report.progress("%s:   %s %8.2f MiB", NAME, o.key().substring(o.key().indexOf("segments/")), o.size() / 1048576.0);
                }
                long tiny = snaps.stream().filter(o -> o.size() < (1 << 20)).count();
                Report.progress("%s:   %s: %d snapshots (%d under 1 MiB), %d segments", NAME, prefix, snaps.size(), tiny, segs.size());
                shapes.append(shapes.isEmpty() ? "" : "; ").append(prefix.equals(optA.prefix()) ? "a" : "b").append(": ")
                        .append(snaps.size()).append(" snapshots (").append(tiny).append(" under 1 MiB), ")
                        .append(segs.size()).append(" segments of ")
                        .append(String.join("/", segs.stream().map(o -> String.format(java.util.Locale.ROOT, "%.1f", o.size() / 1048576.0)).toList()))
                        .append(" MiB");
            }

            Path out = Files.createDirectories(dir.resolve("restored"));
            Map<String, List<Double>> restoreS = new LinkedHashMap<>();
            Map<String, List<Double>> rawS = new LinkedHashMap<>();
            Map<String, List<Double>> decompS = new LinkedHashMap<>();
            Map<String, List<Double>> fsyncS = new LinkedHashMap<>();
            Map<String, Long> outBytes = new LinkedHashMap<>();
            Map<String, RestoreResult> results = new LinkedHashMap<>();
            for (Target t : targets) {
                restoreS.put(t.name(), new ArrayList<>());
                rawS.put(t.name(), new ArrayList<>());
                decompS.put(t.name(), new ArrayList<>());
                fsyncS.put(t.name(), new ArrayList<>());
            }
            // One untimed pass of each, so that every key is in the s3proxy host's page cache for all timed runs alike.
            for (Target t : targets) {
                rawGet(store, t);
                Path f = out.resolve(t.name() + ".db");
                results.put(t.name(), Restorer.restore(new S3History(store, t.layout(), t.id()), t.txid(), f, RestoreProgress.NONE));
                outBytes.put(t.name(), Files.size(f));
                Files.delete(f);
            }
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < targets.size(); k++) {
                    Target t = targets.get((k + r) % targets.size());
                    // The four measurements of a target alternate in a rotating order too.
                    for (int m = 0; m < 4; m++) {
                        switch ((m + r) % 4) {
                            case 0 -> {
                                Path f = out.resolve(t.name() + ".db");
                                long t0 = System.nanoTime();
                                Restorer.restore(new S3History(store, t.layout(), t.id()), t.txid(), f, RestoreProgress.NONE);
                                restoreS.get(t.name()).add((System.nanoTime() - t0) / 1e9);
                                Files.delete(f);
                            }
                            case 1 -> {
                                long t0 = System.nanoTime();
                                rawGet(store, t);
                                rawS.get(t.name()).add((System.nanoTime() - t0) / 1e9);
                            }
                            case 2 -> {
                                long t0 = System.nanoTime();
                                decompressOnly(store, t);
                                decompS.get(t.name()).add((System.nanoTime() - t0) / 1e9);
                            }
                            default -> {
                                Path f = out.resolve(t.name() + ".fsync");
                                long t0 = System.nanoTime();
                                writeAndSync(f, outBytes.get(t.name()));
                                fsyncS.get(t.name()).add((System.nanoTime() - t0) / 1e9);
                                Files.delete(f);
                            }
                        }
                    }
                    Report.progress("%s: round %d %-24s restore %.3f s, raw GET %.3f s, GET+unzstd %.3f s, write+fsync %.3f s", NAME,
                            r + 1, t.name(), restoreS.get(t.name()).getLast(), rawS.get(t.name()).getLast(),
                            decompS.get(t.name()).getLast(), fsyncS.get(t.name()).getLast());
                }
            }
            for (Target t : targets) {
                double mib = outBytes.get(t.name()) / 1048576.0;
                double stored = t.storedBytes() / 1048576.0;
                List<Double> rs = restoreS.get(t.name());
                List<Double> gs = rawS.get(t.name());
                List<Double> ds = decompS.get(t.name());
                RestoreResult res = results.get(t.name());
                Report.target("relay_restore_" + t.name() + "_vs_raw_get", Report.median(Report.ratios(gs, rs)), 0.5);
                Report.result(NAME, t.name(), Report.fields()
                        .put("db_mib", Report.fmt2(mib))
                        .put("stored_mib", Report.fmt2(stored))
                        .put("decompressed_mib", Report.fmt2(res.bytesRead() / 1048576.0))
                        .put("segments", res.segmentsApplied())
                        .put("restore_s", Report.fmt3(Report.median(rs)))
                        .put("restore_db_mb_per_s", Report.fmt0(mib / Report.median(rs)))
                        .put("raw_get_s", Report.fmt3(Report.median(gs)))
                        .put("raw_get_stored_mb_per_s", Report.fmt0(stored / Report.median(gs)))
                        .put("vs_raw_get", Report.fmt2(Report.median(Report.ratios(gs, rs))))
                        .put("diag_get_unzstd_s", Report.fmt3(Report.median(ds)))
                        .put("diag_write_fsync_s", Report.fmt3(Report.median(fsyncS.get(t.name()))))
                        .put("restore_rounds_s", String.join("/", rs.stream().map(Report::fmt3).toList())));
            }
            Report.note(NAME, "databases of ~" + (dbBytes >> 20) + " MiB written through a node with the relay (EventLog, one INSERT "
                    + "of a " + rowBytes + "-character text row of random words per event, " + concurrency + " in flight; a: "
                    + String.format(java.util.Locale.ROOT, "%.1f", dbA / 1048576.0) + " MiB, RelayOptions.defaults; b: "
                    + String.format(java.util.Locale.ROOT, "%.1f", dbB / 1048576.0) + " MiB, snapshotEvery 2^50 so only the "
                    + "initial empty snapshot exists), node closed (flushed), then " + rounds + " interleaved rounds per target "
                    + "(order rotated). restore = Restorer.restore(new S3History(...), txid, file): 1 LIST, GET + zstd-decompress "
                    + "the snapshot to the file, apply every segment's page images, fsync, rename; MB/s = restored database bytes "
                    + "per second (MiB). raw_get = MinioObjectStore.open of the same snapshot and segment keys, read to the end "
                    + "and discarded, same order, one thread (as the restore); vs_raw_get = median of per-round raw_get_s / "
                    + "restore_s (1.0 = restore as fast as downloading its inputs). diag_get_unzstd = the same GETs through "
                    + "zstd decompression, output discarded; diag_write_fsync = writing a new file of the restored size (64 KiB "
                    + "writes) and fsyncing it: the disk's share. One untimed pass of each first (page cache warm for all). "
                    + "Stored histories: " + shapes + ".");
        } finally {
            if (store != null) {
                store.close();
            }
            if (s3 != null) {
                s3.close();
            }
            Env.deleteTree(dir);
        }
    }

    /** Writes rows to {@code id} on a fresh relay node until its database reaches the target size; closes the node. */
    private long build(Path nodeDir, RelayOptions relay, byte[] jar, ObjectId id) throws Exception {
        CairnNode node = CairnNode.start(NodeOptions.builder().host("127.0.0.1").httpPort(0).dataDir(nodeDir).build(),
                new StorageRelay(relay));
        long size;
        try {
            node.host().deployments().deploy(jar, ConstructorCheck.NONE);
            Path db = node.host().pathFor(id);
            Words words = new Words(42 + id.name().hashCode());
            long t0 = System.nanoTime();
            long rows = 0;
            while (true) {
                Driver.Outcome o = Driver.each(concurrency, IntStream.range(0, 2000).boxed().toList(),
                        i -> node.host().dispatch(id, Request.builder("POST", "/append")
                                .body(words.text(rowBytes).getBytes(StandardCharsets.UTF_8)).build(), CallChain.root()));
                if (o.failed() > 0) {
                    throw new IllegalStateException("building " + id + ": " + o.failed() + " writes failed, first: " + o.firstError());
                }
                rows += o.ok();
                size = Files.size(db);
                if (size >= dbBytes) {
                    break;
                }
            }
            Report.progress("%s: built %s: %d rows, db %.1f MiB in %.1f s", NAME, id, rows, size / 1048576.0,
                    (System.nanoTime() - t0) / 1e9);
        } finally {
            long t0 = System.nanoTime();
            node.close();   // flushes every object to the store
            Report.progress("%s: node closed (flushed) in %.1f s", NAME, (System.nanoTime() - t0) / 1e9);
        }
        return size;
    }

    /** The keys {@link Restorer#restore} reads for {@code txid}: newest snapshot at or before it, then the covering segments. */
    private static Target target(String name, S3Options options, ObjectStore store, ObjectId id, long txid) throws IOException {
        ObjectLayout layout = new ObjectLayout(options.prefix());
        S3History h = new S3History(store, layout, id);
        SnapshotRef snap = h.snapshots().stream().filter(s -> s.txid() <= txid).max(Comparator.comparingLong(SnapshotRef::txid))
                .orElseThrow();
        // The same choice as the capture module's RestorePlan: covering segments from snapshot + 1 up to the target.
        List<String> segs = new ArrayList<>();
        SegmentRef prev = null;
        long next = snap.txid() + 1;
        for (SegmentRef s : h.segments()) {
            if (next > txid) {
                break;
            }
            if (s.lastTxid() < next || s.firstTxid() > txid
                    || (prev != null && s.firstTxid() == prev.firstTxid() && s.lastTxid() == prev.lastTxid())) {
                continue;
            }
            segs.add(s.key());
            prev = s;
            next = s.lastTxid() + 1;
        }
        Map<String, Long> sizes = new java.util.HashMap<>();
        for (StoredObject o : store.list(layout.objectPrefix(id))) {
            sizes.put(o.key(), o.size());
        }
        long stored = sizes.get(snap.key()) + segs.stream().mapToLong(sizes::get).sum();
        return new Target(name, options, id, txid, snap.key(), List.copyOf(segs), stored, layout);
    }

    private static final byte[] SINK = new byte[1 << 16];

    private static long drain(InputStream in) throws IOException {
        long n = 0;
        try (in) {
            for (int k; (k = in.read(SINK)) >= 0; ) {
                n += k;
            }
        }
        return n;
    }

    private static void writeAndSync(Path f, long bytes) throws IOException {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 16);
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE)) {
            for (long left = bytes; left > 0; ) {
                buf.clear().limit((int) Math.min(buf.capacity(), left));
                left -= ch.write(buf);
            }
            ch.force(true);
        }
    }

    /** GETs the target's stored objects and discards the bytes; returns how many were read. */
    private static long rawGet(ObjectStore store, Target t) throws IOException {
        long n = drain(store.open(t.snapshotKey()));
        for (String k : t.segmentKeys()) {
            n += drain(store.open(k));
        }
        if (n != t.storedBytes()) {
            throw new IllegalStateException(t.name() + ": read " + n + " bytes, the listing says " + t.storedBytes());
        }
        return n;
    }

    /** The same GETs, through the zstd decompression a restore uses; output discarded. */
    private static long decompressOnly(ObjectStore store, Target t) throws IOException {
        long n = drain(io.cairn.relay.store.Compression.decompressing(store.open(t.snapshotKey())));
        for (String k : t.segmentKeys()) {
            n += drain(io.cairn.relay.store.Compression.decompressing(store.open(k)));
        }
        return n;
    }

    /** Text rows of random words from a fixed vocabulary: compresses roughly like ordinary text. */
    private static final class Words {
        private final String[] vocabulary = new String[256];
        private final SplittableRandom random;

        Words(long seed) {
            random = new SplittableRandom(seed);
            for (int i = 0; i < vocabulary.length; i++) {
                int len = 3 + random.nextInt(8);
                StringBuilder w = new StringBuilder(len);
                for (int j = 0; j < len; j++) {
                    w.append((char) ('a' + random.nextInt(26)));
                }
                vocabulary[i] = w.toString();
            }
        }

        String text(int chars) {
            StringBuilder sb = new StringBuilder(chars + 16);
            while (sb.length() < chars) {
                sb.append(vocabulary[random.nextInt(vocabulary.length)]).append(' ');
            }
            sb.setLength(chars);
            return sb.toString();
        }
    }
}
