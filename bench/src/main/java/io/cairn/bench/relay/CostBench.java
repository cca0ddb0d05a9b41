package io.cairn.bench.relay;

import io.cairn.api.ObjectId;
import io.cairn.api.Request;
import io.cairn.api.Response;
import io.cairn.bench.AppJar;
import io.cairn.bench.Args;
import io.cairn.bench.Env;
import io.cairn.bench.NodeMetrics;
import io.cairn.bench.Report;
import io.cairn.bench.objects.Counter;
import io.cairn.relay.RelayOptions;
import io.cairn.relay.StorageRelay;
import io.cairn.relay.store.EmbeddedS3;
import io.cairn.relay.store.S3Options;
import io.cairn.relay.store.ShipperOptions;
import io.cairn.runtime.CairnNode;
import io.cairn.runtime.NodeOptions;
import io.cairn.runtime.deploy.ConstructorCheck;
import io.cairn.runtime.exec.CallChain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Relay benchmark 3: object-storage requests for many objects that each write once per period, at the
 * real defaults (node and relay), counted on the wire by a {@link CountingProxy} between the relay and
 * s3proxy. Object {@code i} writes at {@code t0 + i * period / objects + k * period}. The first period
 * (every object's first activation: recovery check, meta, initial snapshot) is reported separately;
 * the next {@code --measure-s} seconds are steady state and are extrapolated to an hour. Afterwards a
 * retention sweep of every object and the node's shutdown flush are counted too.
 */
final class CostBench {

    static final String NAME = "relay_cost";

    private final int objects;
    private final long periodMs;
    private final long measureMs;

    CostBench(Args args) {
        this.objects = args.getInt("objects", 1000);
        this.periodMs = args.getLong("period-s", 60) * 1000;
        this.measureMs = args.getLong("measure-s", 180) * 1000;
    }

    void run() throws Exception {
        Path dir = Env.tempDir("cairn-bench-relay-cost");
        EmbeddedS3 s3 = null;
        CountingProxy proxy = null;
        CairnNode node = null;
        try {
            s3 = RelayEnv.startS3(dir.resolve("s3"));
            proxy = CountingProxy.start(s3.port());
            S3Options options = S3Options.of(proxy.endpoint(), RelayEnv.BUCKET, s3.accessKey(), s3.secretKey());
            StorageRelay relay = new StorageRelay(RelayOptions.defaults(options));
            Map<String, Long> c0 = proxy.snapshot();
            node = CairnNode.start(NodeOptions.builder().host("127.0.0.1").httpPort(0).dataDir(dir.resolve("node")).build(), relay);
            node.host().deployments().deploy(AppJar.of("bench-relay-cost", Map.of("counter", Counter.class)), ConstructorCheck.NONE);
            NodeMetrics metrics = new NodeMetrics(node.baseUri());
            List<ObjectId> ids = new ArrayList<>();
            for (int i = 0; i < objects; i++) {
                ids.add(new ObjectId("counter", "c" + i));
            }
            Request increment = Request.builder("POST", "/increment").build();

            long periods = 1 + (measureMs + periodMs - 1) / periodMs;   // the first (activation) period, then the measured ones
            long t0 = System.currentTimeMillis() + 500;
            long steadyAt = t0 + periodMs;
            long endAt = steadyAt + measureMs;
            AtomicLong ok = new AtomicLong();
            AtomicLong failed = new AtomicLong();
            AtomicReference<String> firstError = new AtomicReference<>();
            long maxLagMs = 0;
            Map<String, Long> atStart = null;
            Map<String, Long> atSteady = null;
            Map<String, Long> atEnd;
            double act0 = 0;
            double ev0 = 0;
            long writesBeforeSteady = 0;
            long writes = 0;
            List<CompletableFuture<Response>> inFlight = new ArrayList<>();
            Report.progress("%s: %d objects, one write each per %d s; first period from %tT, steady window %tT..%tT", NAME, objects,
                    periodMs / 1000, t0, steadyAt, endAt);
            outer:
            for (long k = 0; k < periods; k++) {
                for (int i = 0; i < objects; i++) {
                    long due = t0 + k * periodMs + i * periodMs / objects;
                    if (due >= endAt) {
                        break outer;
                    }
                    long now = System.currentTimeMillis();
                    if (atStart == null) {
                        atStart = proxy.snapshot();
                    }
                    if (atSteady == null && due >= steadyAt) {
                        sleepUntil(steadyAt);
                        atSteady = proxy.snapshot();
                        act0 = metrics.value("cairn_object_activations_total");
                        ev0 = metrics.value("cairn_object_evictions_total");
                        writesBeforeSteady = writes;
                        Report.progress("%s: steady window starts; first period: %s", NAME, CountingProxy.minus(atSteady, atStart));
                        now = System.currentTimeMillis();
                    }
                    if (due > now) {
                        sleepUntil(due);
                    } else {
                        maxLagMs = Math.max(maxLagMs, now - due);
                    }
                    writes++;
                    CompletableFuture<Response> f = node.host().dispatch(ids.get(i), increment, CallChain.root());
                    f.whenComplete((r, e) -> {
                        if (e == null && r.status() == 200) {
                            ok.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                            firstError.compareAndSet(null, e != null ? e.toString() : r.status() + " " + r.bodyAsString());
                        }
                    });
                    inFlight.add(f);
                }
                inFlight.removeIf(CompletableFuture::isDone);
                Report.progress("%s: period %d done: %d writes so far, %s requests so far", NAME, k + 1, writes,
                        CountingProxy.total(proxy.snapshot()));
            }
            sleepUntil(endAt);
            atEnd = proxy.snapshot();
            double activations = metrics.value("cairn_object_activations_total") - act0;
            double evictions = metrics.value("cairn_object_evictions_total") - ev0;
            double segUploads = metrics.value("cairn_relay_uploads_total{kind=\"segment\"}");
            long steadyWrites = writes - writesBeforeSteady;
            CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " writes failed, first: " + firstError.get());
            }

            // The last writes of the window ship up to maxBatchAge (+ a tick) later: let them go before the sweep.
            sleepUntil(endAt + ShipperOptions.defaults().maxBatchAge().toMillis() + 2000);
            Map<String, Long> tail = CountingProxy.minus(proxy.snapshot(), atEnd);
            // Retention sweep (daily at the defaults): one per object that wrote.
            Map<String, Long> beforeSweep = proxy.snapshot();
            long sw0 = System.nanoTime();
            for (ObjectId id : ids) {
                relay.sweepRetention(id);
            }
            double sweepS = (System.nanoTime() - sw0) / 1e9;
            Map<String, Long> sweep = CountingProxy.minus(proxy.snapshot(), beforeSweep);
            Map<String, Long> beforeClose = proxy.snapshot();
            node.close();
            node = null;
            Map<String, Long> shutdown = CountingProxy.minus(proxy.snapshot(), beforeClose);

            Map<String, Long> startup = CountingProxy.minus(atStart, c0);
            Map<String, Long> first = CountingProxy.minus(atSteady, atStart);
            Map<String, Long> steady = CountingProxy.minus(atEnd, atSteady);
            double perHour = 3_600_000.0 / measureMs;
            Map<String, Long> all = new TreeMap<>();
            for (Map<String, Long> m : List.of(startup, first, steady, tail, sweep, shutdown)) {
                m.forEach((k, v) -> all.merge(k, v, Long::sum));
            }
            for (String kind : all.keySet()) {
                long s = steady.getOrDefault(kind, 0L);
                Report.result(NAME, kind.replace(' ', '_'), Report.fields()
                        .put("node_start", startup.getOrDefault(kind, 0L))
                        .put("first_period", first.getOrDefault(kind, 0L))
                        .put("per_new_object", Report.fmt3(first.getOrDefault(kind, 0L) / (double) objects))
                        .put("steady_window", s)
                        .put("per_write", Report.fmt3(s / (double) steadyWrites))
                        .put("per_hour", Report.fmt0(s * perHour))
                        .put("tail", tail.getOrDefault(kind, 0L))
                        .put("retention_sweep", sweep.getOrDefault(kind, 0L))
                        .put("shutdown_flush", shutdown.getOrDefault(kind, 0L)));
            }
            long steadyTotal = CountingProxy.total(steady);
            long steadyExpensive = steady.entrySet().stream().filter(e -> CountingProxy.expensiveTier(e.getKey()))
                    .mapToLong(Map.Entry::getValue).sum();
            Report.result(NAME, "TOTAL", Report.fields()
                    .put("node_start", CountingProxy.total(startup))
                    .put("first_period", CountingProxy.total(first))
                    .put("per_new_object", Report.fmt3(CountingProxy.total(first) / (double) objects))
                    .put("steady_window", steadyTotal)
                    .put("per_write", Report.fmt3(steadyTotal / (double) steadyWrites))
                    .put("per_hour", Report.fmt0(steadyTotal * perHour))
                    .put("tail", CountingProxy.total(tail))
                    .put("retention_sweep", CountingProxy.total(sweep))
                    .put("shutdown_flush", CountingProxy.total(shutdown)));
            double usd = (steadyExpensive * 0.005 + (steadyTotal - steadyExpensive) * 0.0004) / 1000 * perHour;
            Report.note(NAME, String.format(Locale.ROOT, "%d objects (Counter, POST /increment = one UPDATE), each writing once "
                            + "every %d s at t0 + i*%d ms; node and relay at their defaults (NodeOptions: idleTimeout 60 s; "
                            + "RelayOptions.defaults: 16 MiB / 10 s batches, daily snapshot, daily retention); every request the "
                            + "relay sent counted on the wire by a proxy in front of s3proxy. first_period = the first %d s "
                            + "(each object's first activation), steady_window = the next %d s with %d writes (%d completed "
                            + "overall, max schedule lag %d ms); per_hour = steady_window x %.0f. Activations / evictions in "
                            + "the steady window: %.0f / %.0f; cairn_relay_uploads{kind=segment} at the end of the window: %.0f. "
                            + "tail = the %d s after the window (its last batches ship). retention_sweep = Retention.sweep of all %d objects once (%.1f s; it runs daily); "
                            + "shutdown_flush = node.close(). At S3 Standard list prices (us-east-1: PUT/POST/LIST $0.005 "
                            + "per 1,000, GET/HEAD $0.0004 per 1,000) the steady rate costs $%.2f per hour, $%.0f per 30 days.",
                    objects, periodMs / 1000, periodMs / objects, periodMs / 1000, measureMs / 1000, steadyWrites, ok.get(),
                    maxLagMs, perHour, activations, evictions, segUploads, ShipperOptions.defaults().maxBatchAge().toSeconds() + 2,
                    objects, sweepS, usd, usd * 24 * 30));
        } finally {
            if (node != null) {
                node.close();
            }
            if (proxy != null) {
                proxy.close();
            }
            if (s3 != null) {
                s3.close();
            }
            Env.deleteTree(dir);
        }
    }

    private static void sleepUntil(long epochMs) throws InterruptedException {
        long d = epochMs - System.currentTimeMillis();
        if (d > 0) {
            Thread.sleep(d);
        }
    }
}
