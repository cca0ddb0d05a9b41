package io.cairn.bench.relay;

import io.cairn.api.ObjectId;
import io.cairn.api.Request;
import io.cairn.bench.AppJar;
import io.cairn.bench.Args;
import io.cairn.bench.Driver;
import io.cairn.bench.Env;
import io.cairn.bench.NodeMetrics;
import io.cairn.bench.Report;
import io.cairn.bench.objects.EventLog;
import io.cairn.relay.RelayOptions;
import io.cairn.relay.StorageRelay;
import io.cairn.relay.store.EmbeddedS3;
import io.cairn.relay.store.MinioObjectStore;
import io.cairn.relay.store.S3Options;
import io.cairn.relay.store.ShipperOptions;
import io.cairn.runtime.CairnNode;
import io.cairn.runtime.NodeOptions;
import io.cairn.runtime.deploy.ConstructorCheck;
import io.cairn.runtime.exec.CallChain;
import io.cairn.runtime.exec.ObjectHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Relay benchmark 1: write throughput with capture and shipping on vs off. Three nodes in this JVM run
 * the same code: no extension ({@code off}), the storage relay at its defaults ({@code on}: 16 MiB / 10 s
 * batches) and the relay with a short batch age ({@code on<age>}), both shipping to one embedded s3proxy
 * (child JVM, loopback) under different key prefixes. Each event is one single-row INSERT
 * ({@link EventLog}) through {@link ObjectHost#dispatch}, {@code window} events in flight, on one object
 * or spread round-robin over many. Rounds are interleaved with the order rotated; after each relay round
 * every written object is flushed through the admin bookmark route (untimed, reported as {@code drain_ms})
 * so that no upload of one case runs during another.
 *
 * <p>Diagnostics (on unless {@code --diagnostics false}): two more relay nodes with one setting changed
 * (checkpoint at 64 MiB, no snapshots), CPU per event by thread kind ({@link ThreadCpu}), and the relay's
 * capture classes timed step by step on a raw sqlite-jdbc connection ({@link RawCapture}).
 */
final class CaptureBench {

    static final String NAME = "relay_write";

    private final long durationNanos;
    private final long manyDurationNanos;
    private final long leadInNanos;
    private final long warmupNanos;
    private final int rounds;
    private final int window;
    private final int[] objectCounts;
    private final String payload;
    private final Duration shortAge;
    private final java.util.Set<String> only;
    private final boolean diagnostics;

    CaptureBench(Args args) {
        this.durationNanos = args.getLong("duration-ms", 2000) * 1_000_000;
        // With many objects each one's batch ships on age (10 s at the defaults), not size, so the window spans a
        // whole batch age. The objects' batches start together, so at the defaults most of their PUTs still land
        // just after the window (in the drain); the short-age variant ships everything inside it and bounds that.
        this.manyDurationNanos = args.getLong("many-duration-ms", 10_000) * 1_000_000;
        this.leadInNanos = args.getLong("lead-in-ms", 1000) * 1_000_000;
        this.warmupNanos = args.getLong("warmup-ms", 2000) * 1_000_000;
        this.rounds = args.getInt("rounds", 5);
        this.window = args.getInt("window", 256);
        String[] o = args.get("objects", "1,100").split(",");
        this.objectCounts = new int[o.length];
        for (int i = 0; i < o.length; i++) {
            objectCounts[i] = Integer.parseInt(o[i].trim());
        }
        this.payload = "x".repeat(args.getInt("payload-bytes", 64));
        this.shortAge = Duration.ofMillis(args.getLong("short-age-ms", 1000));
        this.diagnostics = !args.get("diagnostics", "true").equals("false");
        String c = args.get("cases", "");
        this.only = c.isEmpty() ? null : java.util.Set.of(c.split(","));
    }

    /** A node and what it is. */
    private record Variant(String name, CairnNode node, NodeMetrics metrics, boolean relay, boolean diagnostic) {
    }

    private final class Case {
        final Variant v;
        final List<ObjectId> ids;
        final String name;
        final Request append = Request.builder("POST", "/append").body(payload.getBytes(StandardCharsets.UTF_8)).build();
        final AtomicLong next = new AtomicLong();
        final List<Double> rates = new ArrayList<>();
        final List<Double> drainMs = new ArrayList<>();
        final List<Double> cpuUs = new ArrayList<>();
        final List<Double> s3CpuUs = new ArrayList<>();
        final List<Double> segments = new ArrayList<>();
        final List<Double> snapshots = new ArrayList<>();
        final List<Double> uploadedKbPerEvent = new ArrayList<>();
        final Map<String, List<Double>> threadUs = new java.util.TreeMap<>();

        Case(Variant v, int objects) {
            this.v = v;
            this.name = v.name() + "_" + objects + "obj";
            List<ObjectId> l = new ArrayList<>();
            for (int i = 0; i < objects; i++) {
                l.add(new ObjectId("events", "o" + i));
            }
            this.ids = List.copyOf(l);
        }

        Driver.Outcome drive(long nanos) {
            ObjectHost host = v.node().host();
            int n = ids.size();
            Driver.Outcome o = Driver.timed(window, nanos,
                    () -> host.dispatch(ids.get((int) (next.getAndIncrement() % n)), append, CallChain.root()));
            if (o.failed() > 0) {
                throw new IllegalStateException(name + ": " + o.failed() + " events failed, first: " + o.firstError());
            }
            return o;
        }

        /** Flushes every object of this case; returns the milliseconds it took. */
        double drain(ExecutorService pool) throws Exception {
            if (!v.relay()) {
                return 0;
            }
            long t0 = System.nanoTime();
            List<Future<?>> fs = new ArrayList<>();
            for (ObjectId id : ids) {
                fs.add(pool.submit(() -> RelayEnv.flush(v.node().baseUri(), v.node().adminToken(), id.namespace(), id.name())));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            return (System.nanoTime() - t0) / 1e6;
        }

        double metric(String kind) {
            return v.relay() ? v.metrics().value("cairn_relay_uploads_total{kind=\"" + kind + "\"}") : 0;
        }

        double uploadedBytes() {
            if (!v.relay()) {
                return 0;
            }
            double sum = 0;
            for (String k : List.of("segment", "snapshot", "meta")) {
                sum += v.metrics().value("cairn_relay_uploaded_bytes_total{kind=\"" + k + "\"}");
            }
            return sum;
        }

        void round(ExecutorService pool, long nanos, boolean record) throws Exception {
            drive(leadInNanos);   // untimed: shipping and snapshots get going, as in a node that has been writing a while
            double seg0 = metric("segment");
            double snap0 = metric("snapshot");
            double up0 = uploadedBytes();
            long cpu0 = Env.processCpuNanos();
            long s3cpu0 = RelayEnv.s3CpuNanos();
            Map<String, Long> threads0 = ThreadCpu.sample();
            Driver.Outcome o = drive(nanos);
            Map<String, Long> threads = ThreadCpu.groupedDelta(threads0, ThreadCpu.sample());
            long cpu = Env.processCpuNanos() - cpu0;
            long s3cpu = RelayEnv.s3CpuNanos() - s3cpu0;
            double seg = metric("segment") - seg0;
            double snap = metric("snapshot") - snap0;
            double up = uploadedBytes() - up0;
            double drain = drain(pool);
            Thread.sleep(200);   // let stragglers (a snapshot upload queued after the flush) finish before the next case
            if (!record) {
                return;
            }
            rates.add(o.perSecond());
            threads.forEach((g, ns) -> threadUs.computeIfAbsent(g, k -> new ArrayList<>()).add(ns / 1e3 / o.ok()));
            drainMs.add(drain);
            cpuUs.add(cpu / 1e3 / o.ok());
            s3CpuUs.add(s3cpu / 1e3 / o.ok());
            segments.add(seg);
            snapshots.add(snap);
            uploadedKbPerEvent.add(up / 1024 / o.ok());
            Report.progress("%s: round %d %-14s %,9.0f events/s  drain %6.0f ms  cpu %5.1f us/event (+s3proxy %5.1f)  segments %3.0f snapshots %2.0f",
                    NAME, rates.size(), name, o.perSecond(), drain, cpu / 1e3 / o.ok(), s3cpu / 1e3 / o.ok(),
                    segments.getLast(), snapshots.getLast());
        }
    }

    /** A {@link RawCapture} diagnostic in the same rotation as the node cases. */
    private static final class RawCase {
        final String name;
        final RawCapture raw;
        final List<Double> rates = new ArrayList<>();
        final List<Double> cpuUs = new ArrayList<>();
        final Map<String, List<Double>> steps = new LinkedHashMap<>();

        RawCase(String name, RawCapture raw) {
            this.name = name;
            this.raw = raw;
        }

        void round(long nanos, boolean record) throws Exception {
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu0 = mx.getCurrentThreadCpuTime();
            double rate = raw.run(nanos);
            long cpu = mx.getCurrentThreadCpuTime() - cpu0;
            if (record) {
                rates.add(rate);
                cpuUs.add(cpu / 1e3 / (rate * nanos / 1e9));
                for (int i = 0; i < RawCapture.STEPS.length; i++) {
                    steps.computeIfAbsent(RawCapture.STEPS[i], k -> new ArrayList<>()).add(raw.stepNanos[i] / 1e3 / raw.events);
                }
                Report.progress("%s: round %d %-22s %,9.0f events/s  cpu %5.1f us/event", NAME, rates.size(), name, rate,
                        cpuUs.getLast());
            }
        }
    }

    void run() throws Exception {
        Path dir = Env.tempDir("cairn-bench-relay-write");
        List<AutoCloseable> toClose = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            EmbeddedS3 s3 = RelayEnv.startS3(dir.resolve("s3"));
            toClose.add(s3);
            S3Options base = s3.options(RelayEnv.BUCKET);
            MinioObjectStore.connect(base).close();   // creates the bucket
            byte[] jar = AppJar.of("bench-relay-write", Map.of("events", EventLog.class));

            List<Variant> variants = new ArrayList<>();
            variants.add(start(dir, "off", null, jar, toClose, false));
            variants.add(start(dir, "on", RelayOptions.defaults(base.withPrefix("on/")), jar, toClose, false));
            String shortName = "on" + (shortAge.toMillis() % 1000 == 0 ? shortAge.toSeconds() + "s" : shortAge.toMillis() + "ms");
            variants.add(start(dir, shortName, RelayOptions.defaults(base.withPrefix(shortName + "/"))
                    .withShipper(ShipperOptions.defaults().withMaxBatchAge(shortAge)), jar, toClose, false));
            if (diagnostics) {
                // Same relay code, one setting changed each: which part of the relay's work costs the throughput.
                variants.add(start(dir, "diag_on_ckpt64m", RelayOptions.defaults(base.withPrefix("diag-ckpt/"))
                        .withCheckpointWalBytes(64L << 20), jar, toClose, true));
                variants.add(start(dir, "diag_on_nosnap", RelayOptions.defaults(base.withPrefix("diag-nosnap/"))
                        .withSnapshotEvery(1L << 50), jar, toClose, true));
            }

            List<Case> cases = new ArrayList<>();
            for (int n : objectCounts) {
                for (Variant v : variants) {
                    if (!v.diagnostic() || n == 1) {
                        cases.add(new Case(v, n));
                    }
                }
            }
            if (only != null) {
                cases.removeIf(c -> !only.contains(c.name));
            }
            for (Case c : cases) {
                Report.progress("%s: activating and warming up %s", NAME, c.name);
                Driver.each(16, c.ids, id -> c.v.node().host().dispatch(id, c.append, CallChain.root()));
                c.round(pool, warmupNanos, false);
            }
            List<RawCase> raws = new ArrayList<>();
            if (diagnostics && (only == null || only.stream().anyMatch(n -> n.startsWith("diag_raw")))) {
                for (RawCapture.Mode m : RawCapture.Mode.values()) {
                    String n = "diag_raw_" + m.name().toLowerCase(java.util.Locale.ROOT);
                    if (only == null || only.contains(n)) {
                        RawCase rc = new RawCase(n, new RawCapture(dir.resolve(n), m, payload));
                        toClose.add(rc.raw);
                        raws.add(rc);
                        Report.progress("%s: warming up %s", NAME, n);
                        rc.round(warmupNanos, false);
                    }
                }
            }
            List<Object> all = new ArrayList<>(cases);
            all.addAll(raws);
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < all.size(); k++) {
                    Object o = all.get((k + r) % all.size());
                    if (o instanceof Case c) {
                        c.round(pool, c.ids.size() > 1 ? manyDurationNanos : durationNanos, true);
                    } else {
                        ((RawCase) o).round(durationNanos, true);
                    }
                }
            }
            RawCase plain = raws.stream().filter(x -> x.name.equals("diag_raw_plain")).findFirst().orElse(null);
            for (RawCase rc : raws) {
                Report.Fields head = Report.fields()
                        .put("events_per_s", Report.fmt0(Report.median(rc.rates)))
                        .put("vs_plain", plain == null ? "-" : Report.fmt2(Report.median(Report.ratios(rc.rates, plain.rates))))
                        .put("cpu_us_per_event", Report.fmt2(Report.median(rc.cpuUs)))
                        .put("wall_us_per_event", Report.fmt2(1e6 / Report.median(rc.rates)));
                for (String st : RawCapture.STEPS) {
                    head.put(st + "_us", Report.fmt2(Report.median(rc.steps.get(st))));
                }
                Report.result(NAME + "_raw", rc.name, head.put("rounds", Report.list0(rc.rates)));
            }
            if (!raws.isEmpty()) {
                Report.note(NAME + "_raw", "diagnostic, raw sqlite-jdbc on the benchmark thread, same table and payload, BEGIN IMMEDIATE; "
                        + "INSERT; COMMIT per event, synchronous=NORMAL, no output gate, no shipping, in the same rotation as the node "
                        + "cases: plain = SQLite's own checkpoints (every 1000 pages); truncate = automatic checkpoints off and "
                        + "wal_checkpoint(TRUNCATE) past 4 MiB of WAL, as the relay does; restart = the same with RESTART (the WAL "
                        + "file is reused, not cut); capture = truncate plus the relay's capture classes after every commit "
                        + "(WalTailer.poll, CommitRecord.of, Spool.append; spool fsync + markCheckpoint before each checkpoint; "
                        + "batches sealed at 16 MiB and dropped), i.e. the relay's work on the object thread; capture_restart = "
                        + "capture with RESTART checkpoints; capture_deferred = capture with one poll per checkpoint instead of one "
                        + "per commit. cpu = the thread's CPU time per event; wall = "
                        + "1/rate; *_us = wall time per event (averaged over all events) in each step: sql = BEGIN/INSERT/COMMIT, poll = "
                        + "WalTailer.poll, append = CommitRecord.of + Spool.append, spool_sync = Spool.sync + markCheckpoint, "
                        + "checkpoint = wal_checkpoint(TRUNCATE), seal = Spool.seal + shipped (fsync, rename, cursor write, delete).");
            }
            for (Case c : cases) {
                Case base0 = cases.stream().filter(b -> b.ids.size() == c.ids.size() && !b.v.relay()).findFirst().orElse(null);
                if (base0 != null && c.v.relay() && !c.v.diagnostic()) {
                    Report.target("relay_write_" + c.name + "_vs_off", Report.median(Report.ratios(c.rates, base0.rates)), 0.8);
                }
                Report.result(NAME, c.name, Report.fields()
                        .put("events_per_s", Report.fmt0(Report.median(c.rates)))
                        .put("vs_off", base0 == null ? "-" : Report.fmt2(Report.median(Report.ratios(c.rates, base0.rates))))
                        .put("drain_ms", c.v.relay() ? Report.fmt0(Report.median(c.drainMs)) : "-")
                        .put("cpu_us_per_event", Report.fmt2(Report.median(c.cpuUs)))
                        .put("s3proxy_cpu_us_per_event", c.v.relay() ? Report.fmt2(Report.median(c.s3CpuUs)) : "-")
                        .put("segments_per_round", c.v.relay() ? Report.fmt0(Report.median(c.segments)) : "-")
                        .put("snapshots_per_round", c.v.relay() ? Report.fmt0(Report.median(c.snapshots)) : "-")
                        .put("uploaded_kb_per_event", c.v.relay() ? Report.fmt3(Report.median(c.uploadedKbPerEvent)) : "-")
                        .put("rounds", Report.list0(c.rates)));
            }
            List<String> groups = List.of("objects", "gate_fsync", "shipper", "snapshot_copy", "s3_client", "gc", "jit", "driver", "other");
            for (Case c : cases) {
                Report.Fields f = Report.fields();
                for (String g : groups) {
                    List<Double> xs = c.threadUs.getOrDefault(g, List.of());
                    // A group missing from some rounds had no CPU there: count those rounds as zero.
                    List<Double> padded = new ArrayList<>(xs);
                    while (padded.size() < c.rates.size()) {
                        padded.add(0.0);
                    }
                    f.put(g, Report.fmt2(Report.median(padded)));
                }
                Report.result(NAME + "_cpu", c.name, f);
            }
            Report.note(NAME + "_cpu", "CPU time per event in the timed window by thread kind (ThreadMXBean, microseconds, median "
                    + "over rounds): objects = carriers of the virtual threads (handlers, SQLite, capture on commit, checkpoints), "
                    + "gate_fsync = the output gate's fsync threads, shipper = sealing, record checks, zstd and PUTs, snapshot_copy = "
                    + "copying the database for a snapshot, s3_client = OkHttp threads, driver = the benchmark's own thread.");
            Report.note(NAME, "one single-row INSERT (" + payload.length() + "-byte payload) per event through ObjectHost.dispatch, "
                    + window + " events in flight, on 1 object or round-robin over 100; " + rounds + " rounds, order rotated; each "
                    + "round of a case = " + leadInNanos / 1_000_000 + " ms untimed lead-in, then the timed window ("
                    + durationNanos / 1_000_000 + " ms with 1 object, " + manyDurationNanos / 1_000_000 + " ms with 100: with many "
                    + "objects batches ship on age, so the window spans one whole 10 s batch age), then every written object is "
                    + "flushed (admin bookmark route: flush + 1 LIST; untimed, drain_ms) so no upload of one case runs during "
                    + "another; " + warmupNanos / 1_000_000 + " ms warm-up per case first. off = CairnNode without extensions; "
                    + "on = StorageRelay at RelayOptions.defaults (16 MiB / 10 s batches, checkpoint when the WAL passes 4 MiB, "
                    + "snapshot when captured bytes pass max(64 MiB, db size)); " + shortName + " = the same with maxBatchAge "
                    + shortAge.toMillis() + " ms; both ship to one s3proxy (child JVM, filesystem backend) on loopback. "
                    + "vs_off = median of per-round ratios to off with the same object count. Per event, in the timed window: "
                    + "cpu = this JVM's CPU time, s3proxy_cpu = the child JVM's; segments, snapshots and uploaded (compressed) bytes = "
                    + "cairn_relay_uploads{kind} and cairn_relay_uploaded_bytes deltas in the timed window.");
        } finally {
            pool.shutdownNow();
            for (int i = toClose.size() - 1; i >= 0; i--) {
                try {
                    toClose.get(i).close();
                } catch (Exception e) {
                    Report.progress("%s: closing failed: %s", NAME, e);
                }
            }
            Env.deleteTree(dir);
        }
    }

    private static Variant start(Path dir, String name, RelayOptions relay, byte[] jar, List<AutoCloseable> toClose,
                                 boolean diagnostic) throws Exception {
        NodeOptions options = NodeOptions.builder().host("127.0.0.1").httpPort(0).dataDir(dir.resolve(name)).build();
        CairnNode node = relay == null ? CairnNode.start(options) : CairnNode.start(options, new StorageRelay(relay));
        toClose.add(node);
        node.host().deployments().deploy(jar, ConstructorCheck.NONE);
        return new Variant(name, node, new NodeMetrics(node.baseUri()), relay != null, diagnostic);
    }
}
