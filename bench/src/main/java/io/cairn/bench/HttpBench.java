package io.cairn.bench;

import io.cairn.api.ObjectId;
import io.cairn.api.Request;
import io.cairn.bench.objects.Counter;
import io.cairn.runtime.CairnNode;
import io.cairn.runtime.NodeOptions;
import io.cairn.runtime.deploy.ConstructorCheck;
import io.cairn.runtime.exec.CallChain;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark 2: wrk against one node's data plane, GET (read) and POST increment (write) spread
 * over 100 counter objects, against a bare Vert.x route in the same JVM, in interleaved rounds.
 */
final class HttpBench {

    static final String NAME = "http";
    private static final String BARE_BODY = "{\"value\":0}";

    private final int durationS;
    private final int warmupS;
    private final int rounds;
    private final int threads;
    private final int connections;
    private final int objects;
    private final String wrk;

    HttpBench(Args args) {
        this.durationS = args.getInt("duration-s", 10);
        this.warmupS = args.getInt("warmup-s", 3);
        this.rounds = args.getInt("rounds", 3);
        this.threads = args.getInt("threads", 2);
        this.connections = args.getInt("connections", 64);
        this.objects = args.getInt("objects", 100);
        this.wrk = args.get("wrk", "wrk");
        this.only = java.util.Set.of(args.get("targets", "bare_vertx_get,cairn_read_get,cairn_write_post").split(","));
        this.fsyncThreads = args.getInt("fsync-threads", NodeOptions.builder().dataDir(Path.of(".")).build().fsyncThreads());
    }

    private final int fsyncThreads;
    private final java.util.Set<String> only;

    record Target(String name, int port, Path script) {
    }

    void run() throws Exception {
        Path dir = Env.tempDir("cairn-bench-http");
        CairnNode node = null;
        Vertx bareVertx = null;
        try {
            node = CairnNode.start(NodeOptions.builder().host("127.0.0.1").httpPort(0).dataDir(dir.resolve("node"))
                    .idleTimeout(Duration.ofMinutes(30)).fsyncThreads(fsyncThreads).build());
            node.host().deployments().deploy(AppJar.of("bench-http", Map.of("counter", Counter.class)), ConstructorCheck.NONE);
            List<ObjectId> ids = new ArrayList<>();
            for (int i = 0; i < objects; i++) {
                ids.add(new ObjectId("counter", "c" + i));
            }
            // Activate the objects first: this benchmark is about requests to live objects.
            var host = node.host();
            Request get = Request.builder("GET", "/").build();
            Driver.Outcome act = Driver.each(16, ids, id -> host.dispatch(id, get, CallChain.root()));
            if (act.failed() > 0) {
                throw new IllegalStateException("activating the counters failed: " + act.firstError());
            }

            bareVertx = Vertx.vertx();
            Router router = Router.router(bareVertx);
            router.get("/bare/*").handler(ctx -> ctx.response().putHeader("content-type", "application/json").end(BARE_BODY));
            HttpServer bare = bareVertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
                            .setCompressionSupported(false))
                    .requestHandler(router).listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

            int cairnPort = node.httpPort();
            List<Target> all = List.of(
                    new Target("bare_vertx_get", bare.actualPort(), script(dir, "bare", "GET", "/bare/c", "")),
                    new Target("cairn_read_get", cairnPort, script(dir, "read", "GET", "/objects/counter/c", "")),
                    new Target("cairn_write_post", cairnPort, script(dir, "write", "POST", "/objects/counter/c", "/increment")));
            List<Target> targets = all.stream().filter(t -> only.contains(t.name())).toList();
            check("http://127.0.0.1:" + bare.actualPort() + "/bare/c1", "GET");
            check("http://127.0.0.1:" + cairnPort + "/objects/counter/c1", "GET");
            check("http://127.0.0.1:" + cairnPort + "/objects/counter/c1/increment", "POST");

            for (Target t : targets) {
                Report.progress("http: warming up %s", t.name());
                wrk(t, warmupS);
            }
            NodeMetrics metrics = new NodeMetrics(node.baseUri());
            Map<String, double[]> gate = new LinkedHashMap<>();
            Map<String, List<Wrk.Run>> runs = new LinkedHashMap<>();
            targets.forEach(t -> runs.put(t.name(), new ArrayList<>()));
            for (int r = 0; r < rounds; r++) {
                for (int k = 0; k < targets.size(); k++) {
                    Target t = targets.get((k + r) % targets.size());
                    double c0 = metrics.value("cairn_gate_commits_total");
                    double f0 = metrics.value("cairn_wal_fsyncs_total");
                    Wrk.Run w = wrk(t, durationS);
                    runs.get(t.name()).add(w);
                    double[] g = gate.computeIfAbsent(t.name(), name -> new double[2]);
                    g[0] += metrics.value("cairn_gate_commits_total") - c0;
                    g[1] += metrics.value("cairn_wal_fsyncs_total") - f0;
                    Report.progress("http: round %d %-18s %,10.0f req/s  p50 %.2f ms  p99 %.2f ms  non-2xx %d  socket errors %d",
                            r + 1, t.name(), w.rps(), w.p50ms(), w.p99ms(), w.non2xx(), w.socketErrors());
                }
            }
            List<Double> base = runs.containsKey("bare_vertx_get") ? rps(runs.get("bare_vertx_get")) : List.of();
            for (Target t : targets) {
                List<Wrk.Run> ws = runs.get(t.name());
                List<Double> rps = rps(ws);
                Report.result(NAME, t.name(), Report.fields()
                        .put("req_per_s", Report.fmt0(Report.median(rps)))
                        .put("vs_bare", Report.fmt3(Report.median(Report.ratios(rps, base))))
                        .put("p50_ms", Report.fmt3(Report.median(ws.stream().map(Wrk.Run::p50ms).toList())))
                        .put("p99_ms", Report.fmt3(Report.median(ws.stream().map(Wrk.Run::p99ms).toList())))
                        .put("errors", ws.stream().mapToLong(w -> w.non2xx() + w.socketErrors()).sum())
                        .put("commits_per_fsync", gate.get(t.name())[0] >= 1 && gate.get(t.name())[1] > 0
                                ? Report.fmt2(gate.get(t.name())[0] / gate.get(t.name())[1]) : "-")
                        .put("rounds", Report.list0(rps)));
            }
            if (runs.containsKey("cairn_read_get") && !base.isEmpty()) {
                Report.target("http_reads_vs_bare", Report.median(Report.ratios(rps(runs.get("cairn_read_get")), base)), 0.6);
            }
            Report.note(NAME, "wrk -t" + threads + " -c" + connections + " -d" + durationS + "s --latency on 127.0.0.1, "
                    + objects + " objects (names round-robin per wrk thread), " + rounds
                    + " rounds (order rotated), " + warmupS + " s warm-up per target; bare = Vert.x Router GET returning "
                    + BARE_BODY.length() + "-byte JSON, own Vertx instance in the same JVM; vs_bare = median of per-round ratios; "
                    + "latencies are medians over rounds of wrk's p50/p99; errors = non-2xx + socket errors, all rounds; node fsync threads "
                    + fsyncThreads + ".");
        } finally {
            if (node != null) {
                node.close();
            }
            if (bareVertx != null) {
                bareVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
            Env.deleteTree(dir);
        }
    }

    private static List<Double> rps(List<Wrk.Run> ws) {
        return ws.stream().map(Wrk.Run::rps).toList();
    }

    /** A wrk script that walks the object names round-robin, each wrk thread from its own offset. */
    private Path script(Path dir, String name, String method, String prefix, String suffix) throws IOException {
        String lua = String.format(Locale.ROOT, """
                local threads = 0
                function setup(thread)
                  thread:set("offset", threads * 37)
                  threads = threads + 1
                end
                local i = 0
                local body = %s
                function init(args)
                  i = offset or 0
                end
                function request()
                  i = (i + 1) %% %d
                  return wrk.format("%s", "%s" .. i .. "%s", nil, body)
                end
                """, method.equals("POST") ? "\"\"" : "nil", objects, method, prefix, suffix);
        Path p = dir.resolve(name + ".lua");
        Files.writeString(p, lua, StandardCharsets.UTF_8);
        return p;
    }

    private static void check(String url, String method) throws IOException, InterruptedException {
        HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(url))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
        }
    }

    private Wrk.Run wrk(Target t, int seconds) throws IOException, InterruptedException {
        return new Wrk(wrk, threads, connections).run(t.script(), t.port(), seconds);
    }
}
