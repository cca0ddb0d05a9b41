package io.cairn.relay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.ObjectId;
import io.cairn.relay.capture.CommitRecord;
import io.cairn.relay.capture.RecordCodec;
import io.cairn.relay.capture.SegmentRef;
import io.cairn.relay.capture.Spool;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

class ShipperTest extends S3TestSupport {

    private final ObjectLayout layout = new ObjectLayout("ship/");
    private final List<Spool> spools = new ArrayList<>();
    private Path spoolRoot;

    @AfterEach
    void closeSpools() {
        spools.forEach(Spool::close);
        spools.clear();
    }

    private Spool spool(TestInfo test, String name) throws IOException {
        if (spoolRoot == null) {
            spoolRoot = tempRoot.resolve("spools").resolve(test.getTestMethod().orElseThrow().getName());
        }
        Spool s = Spool.open(spoolRoot.resolve(name));
        spools.add(s);
        return s;
    }

    private static void append(Spool spool, long fromTxid, long toTxid, long timeMillis) throws IOException {
        for (long t = fromTxid; t <= toTxid; t++) {
            spool.append(TestRecords.record(t, timeMillis));
        }
    }

    @Test
    void shipsAThousandObjectsWithABoundedSharedPool(TestInfo test) throws Exception {
        int count = 1000;
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int threadsBefore = threads.getThreadCount();
        threads.resetPeakThreadCount();
        MeterRegistry metrics = new SimpleMeterRegistry();
        ShipperOptions options = ShipperOptions.defaults().withMaxBatchAge(Duration.ofHours(1)).withThreads(4);
        Map<ObjectId, Spool> objects = new HashMap<>();
        try (Shipper shipper = new Shipper(store, layout, options, Clock.systemUTC(), metrics)) {
            for (int i = 0; i < count; i++) {
                ObjectId id = new ObjectId("fleet", "object-" + i);
                Spool spool = spool(test, "o" + i);
                append(spool, 0, 2, 1_700_000_000_000L + i);
                shipper.register(id, spool);
                objects.put(id, spool);
            }
            flushAll(shipper, objects.keySet());
            for (Spool spool : objects.values()) {
                append(spool, 3, 4, 1_700_000_100_000L);
            }
            flushAll(shipper, objects.keySet());

            int extraThreads = threads.getPeakThreadCount() - threadsBefore;
            assertThat(extraThreads).as("threads added while shipping %d objects", count).isLessThan(20);
            for (ObjectId id : objects.keySet()) {
                Backlog backlog = shipper.backlog(id);
                assertThat(backlog.drained()).isTrue();
                assertThat(backlog.lastShippedTxid()).isEqualTo(4);
            }
            assertThat(metrics.get("cairn_relay_uploads").tag("kind", "segment").counter().count()).isEqualTo(2.0 * count);
            assertThat(metrics.get("cairn_relay_backlog_bytes").gauge().value()).isZero();
        }

        // One LIST for the whole namespace: every object has [0..2] and [3..4], decodable, in order.
        Map<String, List<String>> byObject = store.list(layout.namespacePrefix("fleet")).stream()
                .map(StoredObject::key)
                .collect(Collectors.groupingBy(k -> k.substring(0, k.indexOf("/segments/") + 1)));
        assertThat(byObject).hasSize(count);
        for (ObjectId id : objects.keySet()) {
            List<String> keys = byObject.get(layout.objectPrefix(id));
            assertThat(keys).hasSize(2);
            assertThat(keys.stream().map(k -> ObjectLayout.parseSegment(k).orElseThrow())
                    .map(s -> s.firstTxid() + ".." + s.lastTxid()).toList()).containsExactly("0..2", "3..4");
            assertThat(readSegment(keys.get(0))).extracting(CommitRecord::txid).containsExactly(0L, 1L, 2L);
            assertThat(readSegment(keys.get(1))).extracting(CommitRecord::txid).containsExactly(3L, 4L);
        }
    }

    @Test
    void sealsWhenPendingBytesReachTheBatchSize(TestInfo test) throws Exception {
        ObjectId id = new ObjectId("sized", "a");
        ShipperOptions options = ShipperOptions.defaults().withMaxBatchBytes(8 * 1024).withMaxBatchAge(Duration.ofHours(1));
        try (Shipper shipper = new Shipper(store, layout, options, Clock.systemUTC(), new SimpleMeterRegistry())) {
            Spool spool = spool(test, "a");
            shipper.register(id, spool);
            long now = System.currentTimeMillis();
            spool.append(TestRecords.record(0, now, 4));
            Thread.sleep(2500);   // two ticks: below the size and far below the age, nothing moves
            assertThat(store.list(layout.segmentsPrefix(id))).isEmpty();
            assertThat(shipper.backlog(id).pendingBytes()).isPositive();

            long txid = 1;
            while (spool.pendingBytes() < options.maxBatchBytes()) {
                spool.append(TestRecords.record(txid++, now, 4));
            }
            long last = txid - 1;
            awaitTrue(() -> shipper.backlog(id).lastShippedTxid() == last, Duration.ofSeconds(10));
            assertThat(segments(id)).extracting(s -> s.firstTxid() + ".." + s.lastTxid()).containsExactly("0.." + last);
        }
    }

    @Test
    void sealsWhenTheOldestPendingCommitReachesTheBatchAge(TestInfo test) throws Exception {
        ObjectId id = new ObjectId("aged", "a");
        MutableClock clock = new MutableClock(Instant.parse("2026-05-01T00:00:00Z"));
        ShipperOptions options = ShipperOptions.defaults().withMaxBatchAge(Duration.ofSeconds(10));
        try (Shipper shipper = new Shipper(store, layout, options, clock, new SimpleMeterRegistry())) {
            Spool spool = spool(test, "a");
            shipper.register(id, spool);
            append(spool, 0, 2, clock.millis());
            clock.advance(Duration.ofSeconds(9));
            Thread.sleep(2500);
            assertThat(store.list(layout.segmentsPrefix(id))).as("9 s old: not yet").isEmpty();
            clock.advance(Duration.ofSeconds(1));
            awaitTrue(() -> shipper.backlog(id).lastShippedTxid() == 2, Duration.ofSeconds(10));
            SegmentRef segment = segments(id).getFirst();
            assertThat(segment.firstTxid()).isZero();
            assertThat(segment.lastTxid()).isEqualTo(2);
            assertThat(segment.firstTimeMillis()).isEqualTo(Instant.parse("2026-05-01T00:00:00Z").toEpochMilli());
        }
    }

    @Test
    void anOutageLosesNothingLeavesNoGapAndDrainsWhenTheStoreReturns(TestInfo test) throws Exception {
        int count = 20;
        MeterRegistry metrics = new SimpleMeterRegistry();
        ShipperOptions options = ShipperOptions.defaults().withMaxBatchAge(Duration.ofMillis(200))
                .withRetry(Duration.ofMillis(100), Duration.ofSeconds(1));
        Map<ObjectId, Spool> objects = new HashMap<>();
        try (Shipper shipper = new Shipper(store, layout, options, Clock.systemUTC(), metrics)) {
            for (int i = 0; i < count; i++) {
                ObjectId id = new ObjectId("outage", "o" + i);
                Spool spool = spool(test, "o" + i);
                shipper.register(id, spool);
                objects.put(id, spool);
                append(spool, 0, 4, System.currentTimeMillis());
            }
            flushAll(shipper, objects.keySet());

            s3.stop();
            List<CompletableFuture<Void>> pending = new ArrayList<>();
            try {
                for (Map.Entry<ObjectId, Spool> e : objects.entrySet()) {
                    long start = System.nanoTime();
                    append(e.getValue(), 5, 9, System.currentTimeMillis());
                    assertThat(System.nanoTime() - start).as("appends never wait for the store").isLessThan(2_000_000_000L);
                    pending.add(shipper.flush(e.getKey()));
                }
                awaitTrue(() -> !shipper.storeHealthy(), Duration.ofSeconds(10));
                double failuresEarly = failures(metrics);
                Thread.sleep(2500);
                assertThat(failures(metrics)).as("the store is probed again and again").isGreaterThan(failuresEarly);
                assertThat(pending).noneMatch(CompletableFuture::isDone);

                ObjectId first = objects.keySet().iterator().next();
                Backlog down = objects.keySet().stream().map(shipper::backlog)
                        .filter(b -> b.consecutiveFailures() > 0).findAny().orElseThrow();
                assertThat(down.lastFailure()).isPresent();
                assertThat(down.lastError()).contains(s3.endpoint());
                assertThat(shipper.backlog(first).pendingBytes()).isPositive();
                assertThat(shipper.backlog(first).lastShippedTxid()).isEqualTo(4);
                for (Spool spool : objects.values()) {
                    append(spool, 10, 14, System.currentTimeMillis());
                }
                flushTimesOutWhileDown(test);
            } finally {
                s3.restart();
            }

            CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            flushAll(shipper, objects.keySet());
            assertThat(shipper.storeHealthy()).isTrue();
            for (ObjectId id : objects.keySet()) {
                Backlog b = shipper.backlog(id);
                assertThat(b.drained()).isTrue();
                assertThat(b.lastShippedTxid()).isEqualTo(14);
                assertThat(b.consecutiveFailures()).isZero();
                assertContiguous(id, 14);
            }
        }
    }

    /** Part of the outage test (the store is down): a flush gives up after flushTimeout, naming the object. */
    private void flushTimesOutWhileDown(TestInfo test) throws Exception {
        ObjectId id = new ObjectId("outage", "timeout");
        ShipperOptions options = ShipperOptions.defaults().withFlushTimeout(Duration.ofMillis(700))
                .withRetry(Duration.ofMillis(100), Duration.ofMillis(200));
        try (Shipper shipper = new Shipper(store, layout, options, Clock.systemUTC(), new SimpleMeterRegistry())) {
            Spool spool = spool(test, "timeout");
            shipper.register(id, spool);
            append(spool, 0, 1, System.currentTimeMillis());
            assertThatThrownBy(() -> shipper.flush(id).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(TimeoutException.class)
                    .hasMessageContaining("outage/timeout")
                    .hasMessageContaining("700 ms");
            assertThat(shipper.backlog(id).sealedBatches()).isEqualTo(1);
        }
    }

    @Test
    void aDamagedBatchIsNeverUploadedAndLaterBatchesWaitBehindIt(TestInfo test) throws Exception {
        ObjectId id = new ObjectId("damaged", "a");
        ShipperOptions options = ShipperOptions.defaults().withFlushTimeout(Duration.ofMillis(800))
                .withRetry(Duration.ofMillis(50), Duration.ofMillis(100));
        try (Shipper shipper = new Shipper(store, layout, options, Clock.systemUTC(), new SimpleMeterRegistry())) {
            Spool spool = spool(test, "a");
            append(spool, 0, 2, System.currentTimeMillis());
            Path file = spool.seal().orElseThrow().file();
            byte[] bytes = Files.readAllBytes(file);
            bytes[bytes.length / 2] ^= 0x01;
            Files.write(file, bytes);
            append(spool, 3, 5, System.currentTimeMillis());
            shipper.register(id, spool);

            assertThatThrownBy(() -> shipper.flush(id).get(10, TimeUnit.SECONDS))
                    .cause().isInstanceOf(TimeoutException.class).hasMessageContaining("cannot be shipped");
            Backlog backlog = shipper.backlog(id);
            assertThat(backlog.lastError()).contains(file.toString());
            assertThat(backlog.consecutiveFailures()).isPositive();
            assertThat(backlog.sealedBatches()).isEqualTo(2);
            assertThat(backlog.lastShippedTxid()).isEqualTo(-1);
            // Batch 3..5 is fine, but uploading it would leave 0..2 as a gap: nothing goes.
            assertThat(store.list(layout.objectPrefix(id))).isEmpty();
            assertThat(shipper.storeHealthy()).as("a local problem does not pause other objects").isTrue();
        }
    }

    @Test
    void snapshotsAndMetaAreUploadedInTheBackground(TestInfo test) throws Exception {
        ObjectId id = new ObjectId("snap", "a/b");
        MutableClock clock = new MutableClock(Instant.parse("2026-06-01T10:00:00Z"));
        MeterRegistry metrics = new SimpleMeterRegistry();
        Path images = Files.createDirectories(tempRoot.resolve("images"));
        Path image = images.resolve("a.db");
        byte[] content = TestRecords.stateAt(40);
        Files.write(image, content);
        try (Shipper shipper = new Shipper(store, layout, ShipperOptions.defaults(), clock, metrics)) {
            Spool spool = spool(test, "a");
            shipper.register(id, spool);
            shipper.writeMetaIfAbsent(id, 4096);
            shipper.uploadSnapshot(id, 40, clock.millis(), image).get(30, TimeUnit.SECONDS);

            String key = layout.snapshotKey(id, 40, clock.millis());
            try (InputStream in = Compression.decompressing(store.open(key))) {
                assertThat(in.readAllBytes()).isEqualTo(content);
            }
            try (Stream<Path> left = Files.list(images)) {
                assertThat(left).as("the compressed temp file is gone").containsExactly(image);
            }
            awaitTrue(() -> store.exists(layout.metaKey(id)), Duration.ofSeconds(10));
            ObjectMeta meta = ObjectMeta.fetch(store, layout, id).orElseThrow();
            assertThat(meta).isEqualTo(new ObjectMeta("snap", "a/b", 4096, clock.instant()));

            assertThatThrownBy(() -> shipper.uploadSnapshot(id, 41, clock.millis(), images.resolve("gone.db"))
                    .get(10, TimeUnit.SECONDS)).hasMessageContaining("gone.db");
            assertThatThrownBy(() -> shipper.writeMetaIfAbsent(id, 1000)).hasMessageContaining("page size");

            // Written once: a later registration (a new activation) leaves the first meta alone.
            shipper.unregister(id);
            assertThatThrownBy(() -> shipper.flush(id).get()).hasMessageContaining("not registered");
            assertThatThrownBy(() -> shipper.backlog(id)).hasMessageContaining("not registered");
            clock.advance(Duration.ofDays(1));
            shipper.register(id, spool);
            shipper.writeMetaIfAbsent(id, 4096);
            shipper.flush(id).get(10, TimeUnit.SECONDS);
            assertThat(ObjectMeta.fetch(store, layout, id)).contains(meta);
            assertThat(metrics.get("cairn_relay_uploads").tag("kind", "snapshot").counter().count()).isEqualTo(1.0);
            assertThat(metrics.get("cairn_relay_uploads").tag("kind", "meta").counter().count()).isEqualTo(1.0);
        }
    }

    @Test
    void registrationRulesAndClose(TestInfo test) throws Exception {
        ObjectId id = new ObjectId("rules", "a");
        Shipper shipper = new Shipper(store, layout, ShipperOptions.defaults(), Clock.systemUTC(), new SimpleMeterRegistry());
        Spool spool = spool(test, "a");
        shipper.register(id, spool);
        assertThatThrownBy(() -> shipper.register(id, spool)).hasMessageContaining("already registered");
        assertThat(shipper.isRegistered(id)).isTrue();
        assertThat(shipper.registeredCount()).isEqualTo(1);
        append(spool, 0, 0, 1);
        shipper.close();
        assertThatThrownBy(() -> shipper.register(new ObjectId("rules", "b"), spool)).hasMessageContaining("closed");
        // close() does not flush: the commit is still in the spool for the next run.
        assertThat(spool.pendingBytes()).isPositive();
        assertThat(store.list(layout.segmentsPrefix(id))).isEmpty();
    }

    private static double failures(MeterRegistry metrics) {
        return metrics.get("cairn_relay_upload_failures").counter().count();
    }

    private static void flushAll(Shipper shipper, Iterable<ObjectId> ids) throws Exception {
        List<CompletableFuture<Void>> flushes = new ArrayList<>();
        for (ObjectId id : ids) {
            flushes.add(shipper.flush(id));
        }
        CompletableFuture.allOf(flushes.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    }

    private List<SegmentRef> segments(ObjectId id) {
        return store.list(layout.segmentsPrefix(id)).stream()
                .map(o -> ObjectLayout.parseSegment(o.key()).orElseThrow()).toList();
    }

    /** Segments start at txid 0, each begins right after the previous, the last ends at {@code last}. */
    private void assertContiguous(ObjectId id, long last) throws IOException {
        long next = 0;
        for (SegmentRef s : segments(id)) {
            assertThat(s.firstTxid()).as("%s: segment %s follows txid %d", id, s.key(), next - 1).isEqualTo(next);
            List<CommitRecord> records = readSegment(s.key());
            assertThat(records).extracting(CommitRecord::txid).first().isEqualTo(s.firstTxid());
            assertThat(records).extracting(CommitRecord::txid).last().isEqualTo(s.lastTxid());
            for (CommitRecord r : records) {
                assertThat(TestRecords.samePages(r, TestRecords.record(r.txid(), 0))).isTrue();
            }
            next = s.lastTxid() + 1;
        }
        assertThat(next - 1).isEqualTo(last);
    }

    private static List<CommitRecord> readSegment(String key) throws IOException {
        try (InputStream in = Compression.decompressing(store.open(key))) {
            return RecordCodec.readAll(in);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(20);
        }
    }
}
