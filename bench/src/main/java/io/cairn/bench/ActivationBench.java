package io.cairn.bench;

import io.cairn.api.ObjectId;
import io.cairn.api.Request;
import io.cairn.bench.objects.Counter;
import io.cairn.bench.objects.Empty;
import io.cairn.runtime.CairnNode;
import io.cairn.runtime.NodeOptions;
import io.cairn.runtime.deploy.ConstructorCheck;
import io.cairn.runtime.exec.CallChain;
import io.cairn.runtime.exec.ObjectHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benchmark 3: activations through {@link ObjectHost#dispatch} (first request to N distinct new
 * objects, bounded concurrency), re-activation of existing objects after eviction, and the
 * memory one live idle object costs.
 */
final class ActivationBench {

    static final String NAME = "activation";
    private static final long TARGET_NEW_PER_S = 5_000;

    private final int objects;
    private final int concurrency;
    private final int rounds;
    private final int warmupObjects;
    private final int memoryObjects;

    ActivationBench(Args args) {
        this.objects = args.getInt("objects", 2000);
        this.concurrency = args.getInt("concurrency", 64);
        this.rounds = args.getInt("rounds", 5);
        this.warmupObjects = args.getInt("warmup-objects", 1000);
        this.memoryObjects = args.getInt("memory-objects", 4000);
        this.phases = java.util.Set.of(args.get("phases", "create,reopen,empty,raw,memory").split(","));
    }

    private final java.util.Set<String> phases;

    private CairnNode node;
    private ObjectHost host;
    private final Request get = Request.builder("GET", "/").build();

    void run() throws Exception {
        Path dir = Env.tempDir("cairn-bench-activation");
        try {
            node = CairnNode.start(NodeOptions.builder().host("127.0.0.1").httpPort(0).dataDir(dir.resolve("node"))
                    .maxLiveObjects(1_000_000).idleTimeout(Duration.ofHours(1)).build());
            host = node.host();
            host.deployments().deploy(AppJar.of("bench-activation", Map.of("counter", Counter.class, "empty", Empty.class)),
                    ConstructorCheck.NONE);

            // Memory first, in a fresh process: later phases leave freed native memory in malloc's arenas
            // that new connections would reuse, hiding part of their cost.
            if (phases.contains("memory") && memoryObjects > 0) {
                memory();
            }

            List<ObjectId> warm = names("counter", "warm-", warmupObjects);
            activate(warm);
            evictAll();
            activate(warm);
            evictAll();
            activate(names("empty", "warm-", warmupObjects));
            evictAll();

            Map<String, List<Double>> rates = new LinkedHashMap<>();
            for (String k : List.of("create_new_counter", "reactivate_existing_counter", "diag_create_new_empty",
                    "diag_raw_sqlite_create_db", "diag_raw_sqlite_create_db_syncoff_switch", "diag_raw_sqlite_create_db_nosync",
                    "diag_raw_sqlite_reopen_db", "diag_fdatasync_4k")) {
                rates.put(k, new ArrayList<>());
            }
            double fdsPerObject = Double.NaN;
            for (int r = 0; r < rounds; r++) {
                List<ObjectId> ids = names("counter", "r" + r + "-", objects);
                long fds0 = Env.openFds();
                double create = Double.NaN;
                double reopen = Double.NaN;
                double empty = Double.NaN;
                if (phases.contains("create") || phases.contains("reopen")) {
                    create = activate(ids);
                    fdsPerObject = (double) (Env.openFds() - fds0) / objects;
                    evictAll();
                }
                if (phases.contains("reopen")) {
                    reopen = activate(ids);
                    evictAll();
                }
                if (phases.contains("empty")) {
                    empty = activate(names("empty", "r" + r + "-", objects));
                    evictAll();
                }
                double raw = Double.NaN;
                double rawOff = Double.NaN;
                double rawNoSync = Double.NaN;
                double rawReopen = Double.NaN;
                double fsyncs = Double.NaN;
                if (phases.contains("raw")) {
                    int rawN = Math.min(objects, 500);
                    raw = RawCreate.create(dir.resolve("raw-" + r), rawN, RawCreate.Sync.AS_RUNTIME);
                    rawReopen = RawCreate.reopen(dir.resolve("raw-" + r), rawN);
                    rawOff = RawCreate.create(dir.resolve("raw-switch-" + r), rawN, RawCreate.Sync.OFF_FOR_SWITCH);
                    rawNoSync = RawCreate.create(dir.resolve("raw-nosync-" + r), rawN, RawCreate.Sync.OFF);
                    fsyncs = RawCreate.fdatasyncRate(dir, 1_000_000_000L);
                }
                rates.get("diag_raw_sqlite_create_db").add(raw);
                rates.get("diag_raw_sqlite_create_db_syncoff_switch").add(rawOff);
                rates.get("diag_raw_sqlite_create_db_nosync").add(rawNoSync);
                rates.get("diag_raw_sqlite_reopen_db").add(rawReopen);
                rates.get("diag_fdatasync_4k").add(fsyncs);
                rates.get("create_new_counter").add(create);
                rates.get("reactivate_existing_counter").add(reopen);
                rates.get("diag_create_new_empty").add(empty);
                Report.progress("activation: round %d  new %,8.0f/s  existing %,8.0f/s  new (empty object) %,8.0f/s  (%.1f fds per live object)"
                        + "  raw create %,8.0f/s  raw create sync-off-switch %,8.0f/s  no-sync %,8.0f/s  raw reopen %,8.0f/s  fdatasync %,8.0f/s",
                        r + 1, create, reopen, empty, fdsPerObject, raw, rawOff, rawNoSync, rawReopen, fsyncs);
            }
            Map<String, String> rawOf = Map.of("create_new_counter", "diag_raw_sqlite_create_db",
                    "diag_create_new_empty", "diag_raw_sqlite_create_db",
                    "reactivate_existing_counter", "diag_raw_sqlite_reopen_db");
            for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
                double med = Report.median(e.getValue());
                String raw = rawOf.get(e.getKey());
                Report.result(NAME, e.getKey(), Report.fields()
                        .put("per_s", Report.fmt0(med))
                        .put("vs_raw_sqlite", raw == null ? "-" : Report.fmt3(Report.median(Report.ratios(e.getValue(), rates.get(raw)))))
                        .put("vs_target_5000", e.getKey().equals("create_new_counter") ? Report.fmt2(med / TARGET_NEW_PER_S) : "-")
                        .put("rounds", Report.list0(e.getValue())));
            }
            Report.target("new_objects_per_s", Report.median(rates.get("create_new_counter")), TARGET_NEW_PER_S);
            Report.note(NAME, objects + " distinct objects per round, " + concurrency + " requests in flight, " + rounds
                    + " rounds, after " + warmupObjects + " warm-up activations; rate = objects / time until the last"
                    + " response (responses wait for durability); objects are evicted (untimed) between phases."
                    + " counter = constructor creates a table and a row; empty = no storage use. diag_raw_*: raw sqlite-jdbc"
                    + " on " + RawCreate.THREADS + " platform threads (one per core) creating min(objects, 500) databases with the same PRAGMAs, table and row (connections kept"
                    + " open): as the runtime does / synchronous=OFF during the WAL switch / synchronous=OFF throughout; reopen = open the first"
                    + " set again (after close) and read the row; vs_raw_sqlite = median of same-round ratios (new objects vs"
                    + " raw create as the runtime does it, re-activation vs raw reopen); diag_fdatasync_4k: fdatasync"
                    + " of a 4 KiB in-place write, one thread, 1 s — the disk's state during the run.");
        } finally {
            if (node != null) {
                node.close();
            }
            Env.deleteTree(dir);
        }
    }

    private void memory() throws InterruptedException {
        // Warm the code paths, and learn how many descriptors a live object holds.
        activate(names("counter", "mwarm-", 200));
        evictAll();
        long fds0 = Env.openFds();
        activate(names("counter", "mprobe-", 100));
        double fdsPerObject = (Env.openFds() - fds0) / 100.0;
        evictAll();

        int n = memoryObjects;
        long limit = Env.maxOpenFiles();
        long perObject = Math.max(1, (long) Math.ceil(fdsPerObject));
        long budget = limit - Env.openFds() - 1000;
        if ((long) n * perObject > budget) {
            int capped = (int) (budget / perObject);
            Report.note(NAME + "_memory", "asked for " + n + " live objects but the open-file limit is " + limit
                    + " and each live object holds " + perObject + " descriptors; measured " + capped + " instead.");
            n = capped;
        }
        Thread.sleep(500);
        Snapshot before = Snapshot.take();
        activate(names("counter", "m-", n));
        Thread.sleep(1000); // let fsync threads and the catalog settle
        Snapshot after = Snapshot.take();
        int live = host.liveCount();
        evictAll();
        Thread.sleep(500);
        Snapshot evicted = Snapshot.take();
        Report.result(NAME + "_memory", "live_idle_counter_object", Report.fields()
                .put("objects", live)
                .put("heap_bytes_per_obj", Report.fmt0((double) (after.heapUsed - before.heapUsed) / live))
                .put("rss_bytes_per_obj", Report.fmt0((double) (after.rss - before.rss) / live))
                .put("rss_anon_bytes_per_obj", Report.fmt0((double) (after.rssAnon - before.rssAnon) / live))
                .put("rss_file_shmem_bytes_per_obj", Report.fmt0((double) (after.rssFile + after.rssShmem
                        - before.rssFile - before.rssShmem) / live))
                .put("fds_per_obj", Report.fmt2((double) (after.fds - before.fds) / live))
                .put("rss_kept_after_eviction_bytes_per_obj", Report.fmt0((double) (evicted.rss - before.rss) / live))
                .put("heap_committed_delta_mb", Report.fmt0((after.heapCommitted - before.heapCommitted) / 1048576.0)));
        Report.note(NAME + "_memory", "measured first, in a fresh node after 300 warm-up activations; heap = used heap after"
                + " 3x System.gc() (G1 full GC), delta over " + live + " live idle counter objects; rss = /proc/self/status"
                + " VmRSS delta (heap pre-touched with -Xms=-Xmx -XX:+AlwaysPreTouch, so RssAnon growth is native memory:"
                + " SQLite connections and page caches, JNI); rss_file_shmem = file-backed/shared pages (the -shm wal-index"
                + " mappings); rss_kept_after_eviction = VmRSS still above the baseline once all of them were evicted"
                + " (memory malloc keeps); fd limit " + limit + ".");
    }

    private record Snapshot(long heapUsed, long heapCommitted, long rss, long rssAnon, long rssFile, long rssShmem, long fds) {
        static Snapshot take() {
            long heap = Env.heapUsedAfterGc();
            return new Snapshot(heap, Env.heapCommitted(), Env.procStatusBytes("VmRSS"), Env.procStatusBytes("RssAnon"),
                    Env.procStatusBytes("RssFile"), Env.procStatusBytes("RssShmem"), Env.openFds());
        }
    }

    private static List<ObjectId> names(String ns, String prefix, int n) {
        List<ObjectId> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(new ObjectId(ns, prefix + i));
        }
        return ids;
    }

    /** First request to each object; returns objects per second. */
    private double activate(List<ObjectId> ids) {
        activated.addAll(ids);
        Driver.Outcome o = Driver.each(concurrency, ids, id -> host.dispatch(id, get, CallChain.root()));
        if (o.failed() > 0) {
            throw new IllegalStateException(o.failed() + " activations failed, first: " + o.firstError());
        }
        return o.perSecond();
    }

    private void evictAll() throws InterruptedException {
        // Every live object: evict() on names we never used is a no-op.
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        for (ObjectId id : liveIds()) {
            host.evict(id);
        }
        while (host.liveCount() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(host.liveCount() + " objects still live 2 min after eviction");
            }
            Thread.sleep(5);
        }
    }

    private final List<ObjectId> activated = new ArrayList<>();

    private List<ObjectId> liveIds() {
        List<ObjectId> out = new ArrayList<>();
        for (ObjectId id : activated) {
            if (host.isLive(id)) {
                out.add(id);
            }
        }
        activated.clear();
        return out;
    }
}
