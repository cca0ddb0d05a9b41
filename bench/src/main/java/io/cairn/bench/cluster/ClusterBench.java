package io.cairn.bench.cluster;

import io.cairn.bench.Wrk;
import io.cairn.api.ObjectId;
import io.cairn.bench.AppJar;
import io.cairn.bench.Args;
import io.cairn.bench.Env;
import io.cairn.bench.Report;
import io.cairn.bench.objects.Counter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The router benchmark (bench/run-cluster.sh runs it and writes the CLUSTER block of bench/RESULTS.md):
 * cluster members in one JVM, objects all owned by member A, and the same wrk load sent to A directly
 * (owner-local) and to member B, which forwards every request to A (one extra loopback HTTP hop through
 * the router's proxy). Reads (GET) and writes (POST /increment) of counter objects; owner-local and
 * forwarded runs alternate within each round, so each forwarded figure has its baseline from the same
 * minute.
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -Dcairn.s3proxy.lib=storage-relay/store/target/s3proxy-lib \
 *      -cp 'cairn-bench.jar:lib/*' io.cairn.bench.cluster.ClusterBench [--option value ...]
 *
 *   --members 2 --objects 64 --duration-s 8 --warmup-s 3 --rounds 5 --threads 2 --connections 64 --wrk wrk
 *   --ws-messages 2000 --ws-rounds 3     (WebSocket echo round trips; --ws-messages 0 skips them)
 *   --kinds read,write                   (a subset, e.g. for a profile of the forwarded reads alone)
 * </pre>
 *
 * Output: {@code RESULT}/{@code NOTE}/{@code TARGET} lines on stdout ({@link Report}), progress on stderr.
 */
public final class ClusterBench {

    static final String NAME = "cluster";
    static final String CPU_NAME = "cluster_cpu";
    static final String WS_NAME = "cluster_ws";
    static final double TARGET_RATIO = 0.5;
    private static final String APP = "bench-cluster";

    private final int memberCount;
    private final int objects;
    private final int durationS;
    private final int warmupS;
    private final int rounds;
    private final Wrk wrk;
    private final int wsMessages;
    private final int wsRounds;
    private final java.util.Set<String> kinds;

    ClusterBench(Args args) {
        this.memberCount = args.getInt("members", 2);
        this.objects = args.getInt("objects", 64);
        this.durationS = args.getInt("duration-s", 8);
        this.warmupS = args.getInt("warmup-s", 3);
        this.rounds = args.getInt("rounds", 5);
        this.wrk = new Wrk(args.get("wrk", "wrk"), args.getInt("threads", 2), args.getInt("connections", 64));
        this.wsMessages = args.getInt("ws-messages", 2000);
        this.wsRounds = args.getInt("ws-rounds", 3);
        this.kinds = java.util.Set.of(args.get("kinds", "read,write").split(","));
        if (memberCount < 2) {
            throw new IllegalArgumentException("--members must be at least 2 (one owner, one forwarder)");
        }
        if (rounds < 1 || objects < 1) {
            throw new IllegalArgumentException("--rounds and --objects must be at least 1");
        }
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length > 0 && (argv[0].equals("--help") || argv[0].equals("-h"))) {
            System.err.println("usage: ClusterBench [--option value ...]  (see the class comment)");
            System.exit(0);
        }
        Args args = new Args(Arrays.asList(argv));
        ClusterBench b = new ClusterBench(args);
        args.requireConsumed();
        b.run();
        // Hazelcast, Vert.x and the relay are closed, but be sure no straggler keeps the JVM up.
        System.exit(0);
    }

    /** One measured target: a method on the objects, sent to the owner or to the forwarding member. */
    record Target(String name, String kind, boolean forwarded, int port, Path script) {
    }

    /** A wrk run plus the JVM's CPU time per request (every member lives in this JVM), in total and split. */
    record Measured(Wrk.Run run, double jvmCpuUsPerReq, Map<String, Double> splitUsPerReq) {
    }

    /** The CPU groups reported per case, in table order (see {@link CpuSplit}). */
    private static final List<String> SPLIT = List.of("loop_a", "loop_b", "objects", "hazelcast", "other");

    void run() throws Exception {
        Path dir = Env.tempDir("cairn-bench-cluster");
        try (BenchCluster cluster = new BenchCluster(dir)) {
            for (int i = 0; i < memberCount; i++) {
                cluster.start(String.valueOf((char) ('a' + i)));
            }
            cluster.awaitOwners(Duration.ofSeconds(60));
            BenchCluster.Member a = cluster.members().get(0);
            BenchCluster.Member b = cluster.members().get(1);
            Map<String, Class<?>> namespaces = new LinkedHashMap<>();
            namespaces.put("counter", Counter.class);
            namespaces.put("echo", EchoSocket.class);
            cluster.deploy(a, APP, AppJar.of(APP, namespaces), Duration.ofSeconds(60));

            List<String> names = ownedBy(cluster, a, "counter", "c", objects);
            Report.progress("cluster: %d counters owned by %s (%s), e.g. %s", names.size(), a.name(), a.router().nodeId(),
                    names.subList(0, Math.min(4, names.size())));
            prepare(a, b, names);

            Path scripts = dir.resolve("scripts");
            java.nio.file.Files.createDirectories(scripts);
            Path read = Wrk.script(scripts, "read.lua", "GET", "counter", names, "");
            Path write = Wrk.script(scripts, "write.lua", "POST", "counter", names, "/increment");
            int aPort = a.node().httpPort();
            int bPort = b.node().httpPort();
            List<List<Target>> pairs = Stream.of(
                    List.of(new Target("read_get_owner_local", "read", false, aPort, read),
                            new Target("read_get_forwarded", "read", true, bPort, read)),
                    List.of(new Target("write_post_owner_local", "write", false, aPort, write),
                            new Target("write_post_forwarded", "write", true, bPort, write)))
                    .filter(p -> kinds.contains(p.get(0).kind())).toList();

            for (List<Target> pair : pairs) {
                for (Target t : pair) {
                    Report.progress("cluster: warming up %s", t.name());
                    wrk.run(t.script(), t.port(), warmupS);
                }
            }
            Map<String, List<Measured>> runs = new LinkedHashMap<>();
            pairs.forEach(p -> p.forEach(t -> runs.put(t.name(), new ArrayList<>())));
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < pairs.size(); k++) {
                    List<Target> pair = pairs.get((k + r) % pairs.size());
                    // Owner-local first in even rounds, forwarded first in odd ones: neither always runs on a warmer JVM.
                    List<Target> order = r % 2 == 0 ? pair : pair.reversed();
                    for (Target t : order) {
                        Measured m = measure(cluster, t);
                        runs.get(t.name()).add(m);
                        Report.progress("cluster: round %d %-24s %,9.0f req/s  p50 %.2f ms  p99 %.2f ms  non-2xx %d  socket errors %d  cpu %.1f us/req %s",
                                r + 1, t.name(), m.run().rps(), m.run().p50ms(), m.run().p99ms(),
                                m.run().non2xx(), m.run().socketErrors(), m.jvmCpuUsPerReq(), m.splitUsPerReq());
                    }
                }
            }
            report(pairs, runs);
            long liveOnB = names.stream().filter(n -> b.node().host().isLive(new ObjectId("counter", n))).count();
            long liveOnA = names.stream().filter(n -> a.node().host().isLive(new ObjectId("counter", n))).count();
            Report.note(NAME, "wrk -t" + wrk.threads() + " -c" + wrk.connections() + " -d" + durationS + "s --latency on 127.0.0.1, "
                    + names.size() + " counter objects all owned by member A (names round-robin per wrk thread), " + memberCount
                    + " members in one JVM (storage relay at its defaults on an embedded s3proxy, Hazelcast TCP on loopback, replicas 0); "
                    + "owner_local = sent to A, forwarded = sent to B, which proxies each request to A over HTTP/1.1; "
                    + rounds + " rounds, owner-local and forwarded back to back in each (which goes first alternates), "
                    + warmupS + " s warm-up per target; vs_local = median of per-round forwarded/owner-local ratios; latencies = "
                    + "medians over rounds of wrk's p50/p99; errors = non-2xx + socket errors, all rounds. After the runs " + liveOnA + " of "
                    + names.size() + " objects were live on A and " + liveOnB + " on B.");
            Report.note(CPU_NAME, "CPU microseconds per request, medians over rounds, of the one JVM holding every member; "
                    + "wrk (same machine) not included. jvm_total = process CPU (user+kernel, all threads); loop_a / loop_b = the Vert.x "
                    + "event-loop threads of member A (owner) / B (forwarder: its HTTP front and the proxy's client); objects = carrier "
                    + "threads of the objects' virtual threads (one scheduler for all members); hazelcast = hz.* threads; other = "
                    + "gate fsync, relay shipper and S3 client, GC, JIT, the driver. Per-thread times come from ThreadMXBean "
                    + "(threads that ended during a run are missing, so the groups may sum to less than jvm_total).");
            if (wsMessages > 0 && wsRounds > 0) {
                webSockets(cluster, a, b);
            }
        } finally {
            Env.deleteTree(dir);
        }
    }

    private Measured measure(BenchCluster cluster, Target t) throws Exception {
        Map<String, Long> split0 = cluster.cpu().sample();
        long cpu0 = Env.processCpuNanos();
        Wrk.Run run = wrk.run(t.script(), t.port(), durationS);
        long cpu1 = Env.processCpuNanos();
        Map<String, Long> split1 = cluster.cpu().sample();
        return new Measured(run, run.requests() > 0 ? (cpu1 - cpu0) / 1000.0 / run.requests() : Double.NaN,
                CpuSplit.perRequest(split0, split1, run.requests()));
    }

    private void report(List<List<Target>> pairs, Map<String, List<Measured>> runs) {
        for (List<Target> pair : pairs) {
            List<Double> local = rps(runs.get(pair.get(0).name()));
            for (Target t : pair) {
                List<Measured> ms = runs.get(t.name());
                List<Double> rps = rps(ms);
                Report.result(NAME, t.name(), Report.fields()
                        .put("req_per_s", Report.fmt0(Report.median(rps)))
                        .put("vs_local", Report.fmt3(Report.median(Report.ratios(rps, local))))
                        .put("p50_ms", Report.fmt3(Report.median(ms.stream().map(m -> m.run().p50ms()).toList())))
                        .put("p99_ms", Report.fmt3(Report.median(ms.stream().map(m -> m.run().p99ms()).toList())))
                        .put("errors", ms.stream().mapToLong(m -> m.run().errors()).sum())
                        .put("rounds", Report.list0(rps)));
                Report.Fields cpu = Report.fields()
                        .put("jvm_total", fmt1(Report.median(ms.stream().map(Measured::jvmCpuUsPerReq).toList())));
                for (String g : SPLIT) {
                    cpu.put(g, fmt1(Report.median(ms.stream().map(m -> m.splitUsPerReq().getOrDefault(g, 0.0)).toList())));
                }
                Report.result(CPU_NAME, t.name(), cpu);
            }
            Target fwd = pair.get(1);
            Report.target("cluster_" + fwd.kind() + "s_forwarded_vs_local",
                    Report.median(Report.ratios(rps(runs.get(fwd.name())), local)), TARGET_RATIO);
        }
    }

    private static String fmt1(double v) {
        return String.format(java.util.Locale.ROOT, "%.1f", v);
    }

    private static List<Double> rps(List<Measured> ms) {
        return ms.stream().map(m -> m.run().rps()).toList();
    }

    /**
     * The first {@code count} names {@code prefix0, prefix1, ...} that every member places on {@code owner}
     * (rendezvous hashing gives each member about 1/n of them).
     */
    private static List<String> ownedBy(BenchCluster cluster, BenchCluster.Member owner, String ns, String prefix, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; names.size() < count; i++) {
            if (i > 1000 * count) {
                throw new IllegalStateException("found only " + names.size() + " of " + count + " names owned by " + owner.name());
            }
            ObjectId id = new ObjectId(ns, prefix + i);
            boolean everyoneAgrees = cluster.members().stream().allMatch(m ->
                    m.router().ownerOf(id).map(o -> o.nodeId().equals(owner.router().nodeId())).orElse(false));
            if (everyoneAgrees) {
                names.add(prefix + i);
            }
        }
        return names;
    }

    /** Activates every object on its owner, then checks that both paths answer 200 and that B keeps nothing live. */
    private static void prepare(BenchCluster.Member a, BenchCluster.Member b, List<String> names) {
        long t0 = System.nanoTime();
        for (String n : names) {
            expect200(BenchCluster.send(a, "GET", "/objects/counter/" + n), "GET " + n + " via A");
        }
        Report.progress("cluster: activated %d counters on A in %d ms", names.size(), (System.nanoTime() - t0) / 1_000_000);
        String n = names.get(0);
        expect200(BenchCluster.send(b, "GET", "/objects/counter/" + n), "GET " + n + " via B");
        expect200(BenchCluster.send(b, "POST", "/objects/counter/" + n + "/increment"), "POST " + n + "/increment via B");
        expect200(BenchCluster.send(a, "POST", "/objects/counter/" + n + "/increment"), "POST " + n + "/increment via A");
        if (b.node().host().isLive(new ObjectId("counter", n))) {
            throw new IllegalStateException(n + " became live on B: requests through B are not forwarded to its owner");
        }
    }

    private static void expect200(HttpResponse<String> r, String what) {
        if (r.statusCode() != 200) {
            throw new IllegalStateException(what + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    /** Sequential WebSocket echo round trips to one object owned by A, direct vs through B, alternating batches. */
    private void webSockets(BenchCluster cluster, BenchCluster.Member a, BenchCluster.Member b) throws Exception {
        String name = ownedBy(cluster, a, "echo", "e", 1).get(0);
        String path = "/objects/echo/" + name;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try (WsProbe local = new WsProbe(client, URI.create("ws://127.0.0.1:" + a.node().httpPort() + path));
             WsProbe forwarded = new WsProbe(client, URI.create("ws://127.0.0.1:" + b.node().httpPort() + path))) {
            if (b.node().host().isLive(new ObjectId("echo", name))) {
                throw new IllegalStateException("echo object " + name + " became live on B: the upgrade was not forwarded");
            }
            int warmup = Math.max(200, wsMessages / 4);
            local.roundTrips(warmup);
            forwarded.roundTrips(warmup);
            List<WsProbe.Batch> l = new ArrayList<>();
            List<WsProbe.Batch> f = new ArrayList<>();
            for (int r = 0; r < wsRounds; r++) {
                if (r % 2 == 0) {
                    l.add(local.roundTrips(wsMessages));
                    f.add(forwarded.roundTrips(wsMessages));
                } else {
                    f.add(forwarded.roundTrips(wsMessages));
                    l.add(local.roundTrips(wsMessages));
                }
                Report.progress("cluster: ws round %d  owner-local p50 %.0f us p99 %.0f us   forwarded p50 %.0f us p99 %.0f us", r + 1,
                        l.getLast().percentile(50), l.getLast().percentile(99), f.getLast().percentile(50), f.getLast().percentile(99));
            }
            List<Double> lp50 = l.stream().map(x -> x.percentile(50)).toList();
            List<Double> fp50 = f.stream().map(x -> x.percentile(50)).toList();
            wsResult("ws_echo_owner_local", l, lp50, lp50);
            wsResult("ws_echo_forwarded", f, fp50, lp50);
            Report.note(WS_NAME, "one WebSocket per path to an echo object owned by A (no storage use), one message in flight: send "
                    + "a short text, wait for the echo, repeat; " + wsRounds + " batches of " + wsMessages + " round trips per path "
                    + "(alternating), after " + warmup + " warm-up round trips each; client = java.net.http in the same JVM; "
                    + "p50/p99 = medians over batches; p50_vs_local = median of per-batch forwarded/owner-local p50 (>1 = slower).");
        }
    }

    private static void wsResult(String kase, List<WsProbe.Batch> batches, List<Double> p50, List<Double> localP50) {
        Report.result(WS_NAME, kase, Report.fields()
                .put("rtt_p50_us", Report.fmt0(Report.median(p50)))
                .put("rtt_p99_us", Report.fmt0(Report.median(batches.stream().map(x -> x.percentile(99)).toList())))
                .put("p50_vs_local", Report.fmt2(Report.median(Report.ratios(p50, localP50))))
                .put("round_trips_per_s", Report.fmt0(Report.median(batches.stream()
                        .map(x -> 1e6 / Arrays.stream(x.sortedMicros()).average().orElse(Double.NaN)).toList())))
                .put("rounds_p50_us", Report.list0(p50)));
    }
}
