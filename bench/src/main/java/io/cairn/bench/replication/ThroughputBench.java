package io.cairn.bench.replication;

import io.cairn.api.ObjectId;
import io.cairn.bench.AppJar;
import io.cairn.bench.Args;
import io.cairn.bench.Env;
import io.cairn.bench.NodeMetrics;
import io.cairn.bench.RawSqlite;
import io.cairn.bench.Report;
import io.cairn.bench.Wrk;
import io.cairn.bench.objects.EventLog;
import io.cairn.relay.store.EmbeddedS3;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Durable writes per second on one object of a six-member cluster with quorum replication (replicas 5,
 * quorum 3) against the same cluster code with replicas 0 and against raw sqlite-jdbc, all in this JVM and
 * in alternating rounds. Every member is in this JVM (they share its two CPUs with wrk); the object's
 * owner is driven directly over HTTP by wrk with many requests in flight; each request is one single-row
 * INSERT ({@link EventLog}, the raw baseline's table and statement), answered only once it is durable
 * (local WAL fsync, plus a quorum of replica fsyncs when replicating).
 */
final class ThroughputBench {

    static final String NAME = "replication";
    static final String LATENCY_NAME = "replication_latency";
    static final double TARGET_RATIO = 0.5;
    private static final String APP = "bench-repl";
    private static final String NS = "events";

    private final int members;
    private final int replicas;
    private final int quorum;
    private final int durationS;
    private final int warmupS;
    private final int rounds;
    private final int latencyS;
    private final String payload;
    private final Wrk wrk;
    private final Wrk wrkOne;

    ThroughputBench(Args args) {
        this.members = args.getInt("members", 6);
        this.replicas = args.getInt("replicas", 5);
        this.quorum = args.getInt("quorum", 3);
        this.durationS = args.getInt("duration-s", 8);
        this.warmupS = args.getInt("warmup-s", 4);
        this.rounds = args.getInt("rounds", 4);
        this.latencyS = args.getInt("latency-s", 4);
        this.payload = "x".repeat(args.getInt("payload-bytes", 64));
        String binary = args.get("wrk", "wrk");
        this.wrk = new Wrk(binary, args.getInt("threads", 2), args.getInt("connections", 64));
        // One connection, one request in flight: the latency of a write with nothing queued before it.
        this.wrkOne = new Wrk(binary, 1, 1);
        if (members < replicas + 1) {
            throw new IllegalArgumentException("--members must be at least --replicas + 1 (the owner plus its replicas)");
        }
        if (rounds < 1 || durationS < 1) {
            throw new IllegalArgumentException("--rounds and --duration-s must be at least 1");
        }
    }

    /** A cluster under test: the owner's HTTP port, the wrk script for its object, the owner's metrics. */
    private record Target(String name, int port, Path script, NodeMetrics metrics) {
    }

    /** What one run of a case measured; NaN where it does not apply. */
    private record Run(double perSecond, double p50ms, double p99ms, long errors, double commits, double fsyncs,
                       double jvmCpuNanos, double machineNanos, double writes) {
    }

    void run() throws Exception {
        Path dir = Env.tempDir("cairn-bench-replication");
        long t0 = System.nanoTime();
        EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"), "127.0.0.1", 0, EmbeddedS3.defaultLibDir());
        Report.progress("replication: s3proxy up at %s in %d ms", s3.endpoint(), (System.nanoTime() - t0) / 1_000_000);
        String repName = "replicated_r" + replicas + "_q" + quorum;
        try (s3;
             InJvmCluster rep = new InJvmCluster("rep", dir.resolve("rep"), s3, replicas, quorum);
             InJvmCluster plain = new InJvmCluster("plain", dir.resolve("plain"), s3, 0, 0);
             RawSqlite raw = new RawSqlite(dir.resolve("raw-normal.db"), "NORMAL", false, payload)) {
            rep.start(members, Duration.ofSeconds(180));
            plain.start(members, Duration.ofSeconds(180));
            byte[] jar = AppJar.of(APP, Map.of(NS, EventLog.class));
            rep.deploy(APP, jar, Duration.ofSeconds(60));
            plain.deploy(APP, jar, Duration.ofSeconds(60));
            Path scripts = Files.createDirectories(dir.resolve("scripts"));
            Target tr = target(repName, rep, scripts, replicas);
            Target tu = target("unreplicated_r0", plain, scripts, 0);

            Map<String, List<Run>> runs = new LinkedHashMap<>();
            Map<String, Map<String, Long>> threads = new LinkedHashMap<>();
            for (String c : List.of(tr.name(), tu.name(), "raw_sqlite_normal", tr.name() + "_c1", tu.name() + "_c1")) {
                runs.put(c, new ArrayList<>());
                threads.put(c, new HashMap<>());
            }
            Report.progress("replication: warming up (%d s per case)", warmupS);
            loaded(tr, warmupS, null);
            loaded(tu, warmupS, null);
            raw.run(warmupS * 1_000_000_000L);
            for (int r = 0; r < rounds; r++) {
                // The three throughput cases in an order rotated every round, then the two one-in-flight latency runs.
                for (int k = 0; k < 3; k++) {
                    switch ((k + r) % 3) {
                        case 0 -> record(runs, tr.name(), r, loaded(tr, durationS, threads.get(tr.name())));
                        case 1 -> record(runs, tu.name(), r, loaded(tu, durationS, threads.get(tu.name())));
                        default -> record(runs, "raw_sqlite_normal", r, raw(raw, threads.get("raw_sqlite_normal")));
                    }
                }
                List<Target> one = r % 2 == 0 ? List.of(tr, tu) : List.of(tu, tr);
                for (Target t : one) {
                    record(runs, t.name() + "_c1", r, single(t));
                }
            }
            report(runs, threads, tr.name(), tu.name());
        } finally {
            Env.deleteTree(dir);
        }
    }

    private static void record(Map<String, List<Run>> runs, String kase, int round, Run run) {
        runs.get(kase).add(run);
        Report.progress("replication: round %d %-26s %,9.0f writes/s  p50 %.2f ms  p99 %.2f ms  errors %d  commits/fsync %.2f",
                round + 1, kase, run.perSecond(), run.p50ms(), run.p99ms(), run.errors(), run.commits() / run.fsyncs());
    }

    /**
     * Picks an object its cluster places on the first member, writes to it once (activation: with replicas,
     * the election and the seeding of the replica set) and checks it is served by that member with the
     * expected number of replicas.
     */
    private Target target(String name, InJvmCluster cluster, Path scripts, int expectReplicas) throws Exception {
        InJvmCluster.Member owner = cluster.members().getFirst();
        String object = cluster.nameOwnedBy(owner, NS, "w");
        String path = "/objects/" + NS + "/" + object + "/append";
        long t0 = System.nanoTime();
        HttpResponse<String> first = Http.send(owner.node().baseUri(), "POST", path, payload, Duration.ofSeconds(60));
        if (first.statusCode() != 200) {
            throw new IllegalStateException(name + ": first write to " + object + " answered " + first.statusCode() + ": " + first.body());
        }
        Report.progress("replication: %s: %s/%s owned by %s, first write (activation) in %d ms", name, NS, object,
                owner.name(), (System.nanoTime() - t0) / 1_000_000);
        String view = "";
        // Replicas join as their probes are answered: give the replica set a moment to fill.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            view = Http.admin(owner.node().baseUri(), owner.node().adminToken(), "GET", "/admin/v1/objects/" + NS + "/" + object, null).body();
            if (view.split("\"state\":\"", -1).length - 1 == expectReplicas) {
                break;
            }
            Thread.sleep(200);
        }
        int seen = view.split("\"state\":\"", -1).length - 1;
        if (seen != expectReplicas) {
            throw new IllegalStateException(name + ": the admin view of " + object + " lists " + seen + " replicas, expected "
                    + expectReplicas + ": " + view);
        }
        Report.progress("replication: %s: admin view %s", name, view);
        for (InJvmCluster.Member m : cluster.members()) {
            if (m != owner && m.node().host().isLive(new ObjectId(NS, object))) {
                throw new IllegalStateException(name + ": " + object + " is live on " + m.name() + " too");
            }
        }
        Path script = Wrk.script(scripts, name + ".lua", "POST", path, payload);
        return new Target(name, owner.node().httpPort(), script, new NodeMetrics(owner.node().baseUri()));
    }

    /** wrk with many connections against the owner; CPU and gate counters around it. */
    private Run loaded(Target t, int seconds, Map<String, Long> threadAcc) throws Exception {
        double c0 = t.metrics().value("cairn_gate_commits_total");
        double f0 = t.metrics().value("cairn_wal_fsyncs_total");
        Map<String, Long> th0 = ThreadGroupCpu.sample();
        long p0 = Env.processCpuNanos();
        long m0 = Env.machineBusyNanos();
        Wrk.Run w = wrk.run(t.script(), t.port(), seconds);
        long p1 = Env.processCpuNanos();
        long m1 = Env.machineBusyNanos();
        if (threadAcc != null) {
            ThreadGroupCpu.accumulate(threadAcc, th0, ThreadGroupCpu.sample());
        }
        double commits = t.metrics().value("cairn_gate_commits_total") - c0;
        double fsyncs = t.metrics().value("cairn_wal_fsyncs_total") - f0;
        return new Run(w.rps(), w.p50ms(), w.p99ms(), w.errors(), commits, fsyncs, p1 - p0, m1 - m0, w.requests());
    }

    /** One request in flight: the unloaded latency of an acknowledged write. */
    private Run single(Target t) throws Exception {
        Wrk.Run w = wrkOne.run(t.script(), t.port(), latencyS);
        return new Run(w.rps(), w.p50ms(), w.p99ms(), w.errors(), Double.NaN, Double.NaN, Double.NaN, Double.NaN, w.requests());
    }

    private Run raw(RawSqlite raw, Map<String, Long> threadAcc) throws Exception {
        Map<String, Long> th0 = ThreadGroupCpu.sample();
        long p0 = Env.processCpuNanos();
        long m0 = Env.machineBusyNanos();
        long t0 = System.nanoTime();
        double rate = raw.run(durationS * 1_000_000_000L);
        double writes = rate * (System.nanoTime() - t0) / 1e9;
        long p1 = Env.processCpuNanos();
        long m1 = Env.machineBusyNanos();
        ThreadGroupCpu.accumulate(threadAcc, th0, ThreadGroupCpu.sample());
        return new Run(rate, Double.NaN, Double.NaN, 0, Double.NaN, Double.NaN, p1 - p0, m1 - m0, writes);
    }

    private void report(Map<String, List<Run>> runs, Map<String, Map<String, Long>> threads, String repName, String plainName) {
        List<Double> rawRates = rates(runs.get("raw_sqlite_normal"));
        List<Double> plainRates = rates(runs.get(plainName));
        for (String kase : List.of(repName, plainName, "raw_sqlite_normal")) {
            List<Run> rs = runs.get(kase);
            List<Double> rates = rates(rs);
            boolean http = !kase.startsWith("raw");
            double writes = rs.stream().mapToDouble(Run::writes).sum();
            double commits = rs.stream().mapToDouble(Run::commits).sum();
            double fsyncs = rs.stream().mapToDouble(Run::fsyncs).sum();
            Report.result(NAME, kase, Report.fields()
                    .put("writes_per_s", Report.fmt0(Report.median(rates)))
                    .put("vs_raw", Report.fmt3(Report.median(Report.ratios(rates, rawRates))))
                    .put("vs_unreplicated", http ? Report.fmt3(Report.median(Report.ratios(rates, plainRates))) : "-")
                    .put("p50_ms", http ? Report.fmt2(Report.median(rs.stream().map(Run::p50ms).toList())) : "-")
                    .put("p99_ms", http ? Report.fmt2(Report.median(rs.stream().map(Run::p99ms).toList())) : "-")
                    .put("errors", http ? String.valueOf(rs.stream().mapToLong(Run::errors).sum()) : "-")
                    .put("commits_per_fsync", http && fsyncs > 0 ? Report.fmt2(commits / fsyncs) : "-")
                    .put("jvm_cpu_us_per_write", fmt1(rs.stream().mapToDouble(Run::jvmCpuNanos).sum() / 1000 / writes))
                    .put("machine_cpu_us_per_write", fmt1(rs.stream().mapToDouble(Run::machineNanos).sum() / 1000 / writes))
                    .put("rounds", Report.list0(rates)));
        }
        for (String kase : List.of(repName + "_c1", plainName + "_c1")) {
            List<Run> rs = runs.get(kase);
            Report.result(LATENCY_NAME, kase, Report.fields()
                    .put("p50_ms", Report.fmt2(Report.median(rs.stream().map(Run::p50ms).toList())))
                    .put("p99_ms", Report.fmt2(Report.median(rs.stream().map(Run::p99ms).toList())))
                    .put("writes_per_s", Report.fmt0(Report.median(rates(rs))))
                    .put("errors", rs.stream().mapToLong(Run::errors).sum())
                    .put("rounds_p50_ms", list2(rs.stream().map(Run::p50ms).toList())));
        }
        Report.target("replication_writes_vs_raw", Report.median(Report.ratios(rates(runs.get(repName)), rawRates)), TARGET_RATIO);
        Report.note(NAME, members + " members (storage relay at its defaults on one embedded s3proxy, Hazelcast TCP on loopback, "
                + "replica servers on loopback) all in this one JVM, twice: one cluster with replicas " + replicas + " / quorum " + quorum
                + ", one with replicas 0 / quorum 0; one " + NS + " object per cluster, placed on the first member and driven "
                + "there directly by wrk -t" + wrk.threads() + " -c" + wrk.connections() + " -d" + durationS + "s (POST with a "
                + payload.length() + "-byte body = one single-row INSERT, answered once durable); raw_sqlite_normal = the same "
                + "INSERT as autocommit transactions on one sqlite-jdbc connection (WAL, synchronous=NORMAL: no fsync per commit) "
                + "back to back in this JVM. " + rounds + " rounds, the three cases in an order rotated every round, after "
                + warmupS + " s of warm-up each; vs_raw / vs_unreplicated = medians of per-round ratios; p50/p99 = medians over "
                + "rounds of wrk's percentiles (client side, loaded: " + wrk.connections() + " requests in flight); "
                + "commits_per_fsync = the owner's output-gate commits per local WAL fsync (replica-side fsyncs are not counted "
                + "by any metric); jvm_cpu = CPU of this JVM (all members) per write; machine_cpu = all CPUs busy per write "
                + "(/proc/stat: includes wrk, s3proxy, the kernel's journal threads and other processes).");
        for (String kase : List.of(repName, plainName)) {
            double writes = runs.get(kase).stream().mapToDouble(Run::writes).sum();
            Report.note(NAME, "JVM CPU by thread family, " + kase + " (µs per write, all rounds, top 8): "
                    + ThreadGroupCpu.top(threads.get(kase), writes, 8));
        }
        Report.note(LATENCY_NAME, "wrk -t1 -c1 -d" + latencyS + "s --latency against the same owner and object after each round's "
                + "throughput runs (one write in flight, nothing queued ahead of it): the bare cost of an acknowledged write; "
                + "p50/p99 = medians over rounds.");
    }

    private static List<Double> rates(List<Run> rs) {
        return rs.stream().map(Run::perSecond).toList();
    }

    private static String fmt1(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }

    private static String list2(List<Double> xs) {
        StringBuilder sb = new StringBuilder();
        for (double x : xs) {
            sb.append(sb.isEmpty() ? "" : "/").append(Report.fmt2(x));
        }
        return sb.toString();
    }
}
