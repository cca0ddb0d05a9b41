package io.cairn.bench;

import io.cairn.api.ObjectId;
import io.cairn.api.Request;
import io.cairn.bench.objects.EventLog;
import io.cairn.runtime.CairnNode;
import io.cairn.runtime.NodeOptions;
import io.cairn.runtime.catalog.NodeCatalog;
import io.cairn.runtime.deploy.ConstructorCheck;
import io.cairn.runtime.deploy.DeploymentStore;
import io.cairn.runtime.exec.CallChain;
import io.cairn.runtime.exec.ObjectHost;
import io.cairn.runtime.gate.CommitTicket;
import io.cairn.runtime.gate.DurabilityGate;
import io.cairn.runtime.ws.WebSocketHub;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Benchmark 1: one object, one single-row INSERT per event, through {@link ObjectHost#dispatch}
 * with the real output gate ({@code FsyncGroupCommitGate} of a real {@link CairnNode}), against
 * raw sqlite-jdbc in the same JVM with the same table, statement and settings.
 */
final class WriteBench {

    static final String NAME = "write";

    interface Case {
        String name();

        /** Runs for {@code nanos}; returns events per second. */
        double run(long nanos) throws Exception;

        default String extra() {
            return "-";
        }
    }

    private final long durationNanos;
    private final long warmupNanos;
    private final int rounds;
    private final int[] windows;
    private final String payload;

    WriteBench(Args args) {
        this.durationNanos = args.getLong("duration-ms", 3000) * 1_000_000;
        this.warmupNanos = args.getLong("warmup-ms", 2000) * 1_000_000;
        this.rounds = args.getInt("rounds", 5);
        String[] w = args.get("windows", "1,16,256").split(",");
        this.windows = new int[w.length];
        for (int i = 0; i < w.length; i++) {
            windows[i] = Integer.parseInt(w[i].trim());
        }
        this.payload = "x".repeat(args.getInt("payload-bytes", 64));
        String only = args.get("cases", "");
        this.only = only.isEmpty() ? null : java.util.Set.of(only.split(","));
    }

    /** Cases to run (all when null); for profiling one case. */
    private final java.util.Set<String> only;

    void run() throws Exception {
        Path dir = Env.tempDir("cairn-bench-write");
        List<AutoCloseable> toClose = new ArrayList<>();
        try {
            byte[] jar = AppJar.of("bench-write", Map.of("events", EventLog.class));
            List<Case> cases = new ArrayList<>();

            RawSqlite rawNormal = new RawSqlite(dir.resolve("raw-normal.db"), "NORMAL", false, payload);
            RawSqlite rawFull = new RawSqlite(dir.resolve("raw-full.db"), "FULL", false, payload);
            RawSqlite rawBegin = new RawSqlite(dir.resolve("raw-begin.db"), "NORMAL", true, payload);
            toClose.add(rawNormal);
            toClose.add(rawFull);
            toClose.add(rawBegin);
            cases.add(rawCase("raw_normal", rawNormal));
            cases.add(rawCase("raw_full", rawFull));

            CairnNode node = CairnNode.start(NodeOptions.builder().host("127.0.0.1").httpPort(0)
                    .dataDir(dir.resolve("node")).build());
            toClose.add(node);
            node.host().deployments().deploy(jar, ConstructorCheck.NONE);
            NodeMetrics metrics = new NodeMetrics(node.baseUri());
            ObjectHost host = node.host();
            ObjectId id = new ObjectId("events", "w");
            Request append = Request.builder("POST", "/append").body(payload.getBytes(StandardCharsets.UTF_8)).build();
            Driver.timed(1, 200_000_000L, () -> host.dispatch(id, append, CallChain.root())); // activate
            for (int w : windows) {
                cases.add(new GatedCase("cairn_w" + w, w, host, id, append, GateCounters.of(metrics)));
            }

            // Diagnostics: the same object on hosts with other gates — one that calls every commit durable
            // at once (the runtime's cost without fsyncs), one that coalesces fsyncs (up to 32 commits or
            // 200 µs) — and raw SQLite with the runtime's statement pattern (BEGIN IMMEDIATE; INSERT; COMMIT).
            int maxWindow = windows[windows.length - 1];
            ObjectHost ngHost = diagHost(dir.resolve("nogate"), jar, new AlwaysDurable(), toClose);
            Driver.timed(1, 200_000_000L, () -> ngHost.dispatch(id, append, CallChain.root()));
            cases.add(new GatedCase("diag_cairn_nofsync_w" + maxWindow, maxWindow, ngHost, id, append, null));
            io.micrometer.core.instrument.simple.SimpleMeterRegistry coMetrics = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
            io.cairn.runtime.gate.FsyncGroupCommitGate coalescing = new io.cairn.runtime.gate.FsyncGroupCommitGate(4, coMetrics, 32, 200_000);
            ObjectHost coHost = diagHost(dir.resolve("coalescing"), jar, coalescing, toClose);
            Driver.timed(1, 200_000_000L, () -> coHost.dispatch(id, append, CallChain.root()));
            cases.add(new GatedCase("diag_cairn_coalesced_fsync_w" + maxWindow, maxWindow, coHost, id, append,
                    new GateCounters() {
                        @Override
                        public double commits() {
                            return coMetrics.counter("cairn_gate_commits").count();
                        }

                        @Override
                        public double fsyncs() {
                            return coMetrics.counter("cairn_wal_fsyncs").count();
                        }
                    }));
            cases.add(rawCase("diag_raw_normal_begin_immediate", rawBegin));

            if (only != null) {
                cases.removeIf(c -> !only.contains(c.name()));
            }
            for (Case c : cases) {
                Report.progress("write: warming up %s", c.name());
                c.run(warmupNanos);
            }
            Map<String, List<Double>> perRound = new LinkedHashMap<>();
            Map<String, double[]> cpu = new LinkedHashMap<>(); // process ns, machine ns, events
            Map<String, String> extras = new LinkedHashMap<>();
            cases.forEach(c -> perRound.put(c.name(), new ArrayList<>()));
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < cases.size(); k++) {
                    Case c = cases.get((k + r) % cases.size()); // rotate the order every round
                    long p0 = Env.processCpuNanos();
                    long m0 = Env.machineBusyNanos();
                    long t0 = System.nanoTime();
                    double rate = c.run(durationNanos);
                    double events = rate * (System.nanoTime() - t0) / 1e9;
                    double[] acc = cpu.computeIfAbsent(c.name(), name -> new double[3]);
                    acc[0] += Env.processCpuNanos() - p0;
                    acc[1] += Env.machineBusyNanos() - m0;
                    acc[2] += events;
                    perRound.get(c.name()).add(rate);
                    Report.progress("write: round %d %-32s %,10.0f events/s", r + 1, c.name(), rate);
                }
            }
            for (Case c : cases) {
                extras.put(c.name(), c.extra());
            }
            List<Double> base = perRound.getOrDefault("raw_normal", List.of());
            for (Case c : cases) {
                List<Double> xs = perRound.get(c.name());
                Report.result(NAME, c.name(), Report.fields()
                        .put("events_per_s", Report.fmt0(Report.median(xs)))
                        .put("vs_raw_normal", Report.fmt3(Report.median(Report.ratios(xs, base))))
                        .put("commits_per_fsync", extras.get(c.name()))
                        .put("process_cpu_us_per_event", Report.fmt2(cpu.get(c.name())[0] / 1000 / cpu.get(c.name())[2]))
                        .put("machine_cpu_us_per_event", Report.fmt2(cpu.get(c.name())[1] / 1000 / cpu.get(c.name())[2]))
                        .put("rounds", Report.list0(xs)));
            }
            String pipelined = "cairn_w" + windows[windows.length - 1];
            if (perRound.containsKey(pipelined) && !base.isEmpty()) {
                Report.target("write_pipelined_vs_raw_normal", Report.median(Report.ratios(perRound.get(pipelined), base)), 0.5);
            }
            Report.note(NAME, "payload " + payload.length() + " bytes, " + rounds + " rounds of "
                    + durationNanos / 1_000_000 + " ms per case (order rotated every round), "
                    + warmupNanos / 1_000_000 + " ms warm-up per case; vs_raw_normal = median of per-round ratios;"
                    + " process_cpu = CPU time of this JVM (user+kernel, all threads) per event, incl. the few ms after"
                    + " the deadline; machine_cpu = busy time of all CPUs per event from /proc/stat (includes kernel"
                    + " threads such as the ext4 journal, and other processes on a shared machine).");
        } finally {
            for (int i = toClose.size() - 1; i >= 0; i--) {
                try {
                    toClose.get(i).close();
                } catch (Exception e) {
                    Report.progress("write: closing failed: %s", e);
                }
            }
            Env.deleteTree(dir);
        }
    }

    /** An ObjectHost with its own data directory and the given gate, like OutputGateTest builds one. */
    private static ObjectHost diagHost(Path root, byte[] jar, DurabilityGate gate, List<AutoCloseable> toClose) throws Exception {
        NodeOptions options = NodeOptions.builder().dataDir(root).build();
        DeploymentStore store = DeploymentStore.open(root.resolve("deployments"), options.maxDeploymentBytes());
        toClose.add(store);
        NodeCatalog catalog = NodeCatalog.open(root.resolve("node").resolve("catalog.db"));
        toClose.add(catalog);
        store.deploy(jar, ConstructorCheck.NONE);
        ObjectHost host = new ObjectHost(options, store, catalog, gate, new WebSocketHub(Clock.systemUTC()),
                Clock.systemUTC(), new SimpleMeterRegistry());
        host.start();
        toClose.add(() -> host.shutdown(Duration.ofSeconds(30)));
        toClose.add(gate);
        return host;
    }

    /** Commits submitted to a gate and fsyncs it made, both cumulative. */
    interface GateCounters {
        double commits();

        double fsyncs();

        static GateCounters of(NodeMetrics metrics) {
            return new GateCounters() {
                @Override
                public double commits() {
                    return metrics.value("cairn_gate_commits_total");
                }

                @Override
                public double fsyncs() {
                    return metrics.value("cairn_wal_fsyncs_total");
                }
            };
        }
    }

    /** Events through {@link ObjectHost#dispatch} with {@code window} outstanding. */
    private static final class GatedCase implements Case {
        private final String name;
        private final int window;
        private final ObjectHost host;
        private final ObjectId id;
        private final Request request;
        private final GateCounters metrics;
        private double commits;
        private double fsyncs;

        GatedCase(String name, int window, ObjectHost host, ObjectId id, Request request, GateCounters metrics) {
            this.name = name;
            this.window = window;
            this.host = host;
            this.id = id;
            this.request = request;
            this.metrics = metrics;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public double run(long nanos) {
            double c0 = metrics == null ? 0 : metrics.commits();
            double f0 = metrics == null ? 0 : metrics.fsyncs();
            Driver.Outcome o = Driver.timed(window, nanos, () -> host.dispatch(id, request, CallChain.root()));
            if (o.failed() > 0) {
                throw new IllegalStateException(name + ": " + o.failed() + " events failed, first: " + o.firstError());
            }
            if (metrics != null) {
                commits += metrics.commits() - c0;
                fsyncs += metrics.fsyncs() - f0;
            }
            return o.perSecond();
        }

        @Override
        public String extra() {
            return metrics == null || fsyncs == 0 ? "-" : Report.fmt2(commits / fsyncs);
        }
    }

    /** A gate that calls every commit durable at once: the runtime's cost without fsyncs. */
    private static final class AlwaysDurable implements DurabilityGate {
        private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

        @Override
        public CompletableFuture<Void> submit(CommitTicket ticket) {
            return DONE;
        }

        @Override
        public void release(ObjectId object) {
        }

        @Override
        public void close() {
        }
    }

    /** The raw baseline ({@link RawSqlite}) as a case of this benchmark. */
    private static Case rawCase(String name, RawSqlite raw) {
        return new Case() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public double run(long nanos) throws SQLException {
                return raw.run(nanos);
            }
        };
    }
}
