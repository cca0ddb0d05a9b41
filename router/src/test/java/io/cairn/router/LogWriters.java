package io.cairn.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Writers appending numbered values to log objects through random live members of a
 * {@link ProcessCluster}, keeping what was acknowledged (200) and what is uncertain (the connection
 * died after the request left). At the end every log must hold each acknowledged value once, no
 * value twice, nothing nobody wrote, and each writer's values in the order it wrote them.
 */
final class LogWriters {

    /** 503 codes that guarantee the write did not run. */
    private static final Set<String> NOT_APPLIED = Set.of("object_moving", "shutting_down", "storage_unavailable", "not_ready",
            "not_durable");

    final Map<String, Set<String>> acked = new ConcurrentHashMap<>();
    final Map<String, Set<String>> uncertain = new ConcurrentHashMap<>();
    final AtomicInteger refused = new AtomicInteger();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<CompletableFuture<Void>> running = new ArrayList<>();
    private final ProcessCluster cluster;
    private final int objects;

    LogWriters(ProcessCluster cluster, int writers, int objects) {
        this.cluster = cluster;
        this.objects = objects;
        for (int w = 0; w < writers; w++) {
            String name = "w" + w;
            running.add(CompletableFuture.runAsync(() -> write(name)));
        }
    }

    static String object(int i) {
        return "log-" + i;
    }

    int ackedCount() {
        return acked.values().stream().mapToInt(Set::size).sum();
    }

    void stop() throws Exception {
        stop.set(true);
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
    }

    private void write(String writer) {
        int seq = 0;
        while (!stop.get()) {
            String object = object(ThreadLocalRandom.current().nextInt(objects));
            String v = writer + "-" + seq++;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!stop.get() || System.nanoTime() < deadline) {
                try {
                    HttpResponse<String> r = cluster.send(cluster.randomLive(), "POST", "/objects/log/" + object + "/add?v=" + v);
                    if (r.statusCode() == 200) {
                        acked.computeIfAbsent(object, k -> ConcurrentHashMap.newKeySet()).add(v);
                        break;
                    }
                    String code = r.headers().firstValue("cairn-error").orElse("");
                    if (r.statusCode() == 503 && code.equals("not_durable")) {
                        // Committed locally, then the quorum failed: it may surface in the next owner's history.
                        uncertain.computeIfAbsent(object, k -> ConcurrentHashMap.newKeySet()).add(v);
                        break;
                    }
                    if (r.statusCode() == 503 && code.equals("owner_unreachable")) {
                        uncertain.computeIfAbsent(object, k -> ConcurrentHashMap.newKeySet()).add(v);
                        break;
                    }
                    if (r.statusCode() != 503 || !NOT_APPLIED.contains(code)) {
                        throw new AssertionError("write " + v + " to " + object + ": " + r.statusCode() + " " + r.body());
                    }
                    refused.incrementAndGet();
                } catch (ConnectException e) {
                    refused.incrementAndGet();
                } catch (IOException e) {
                    uncertain.computeIfAbsent(object, k -> ConcurrentHashMap.newKeySet()).add(v);
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (IndexOutOfBoundsException | IllegalArgumentException e) {
                    refused.incrementAndGet();   // no live member this instant
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("write " + v + " to " + object + " refused for 60 s");
                }
                sleep(100);
            }
        }
    }

    private static void sleep(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reads every log through a live member and checks it against what was acknowledged. */
    void verify() throws Exception {
        for (int o = 0; o < objects; o++) {
            String object = object(o);
            HttpResponse<String> r = null;
            for (int attempt = 0; attempt < 100; attempt++) {
                r = cluster.send(cluster.randomLive(), "GET", "/objects/log/" + object);
                if (r.statusCode() == 200) {
                    break;
                }
                sleep(200);
            }
            assertThat(r.statusCode()).as("read %s: %s", object, r.body()).isEqualTo(200);
            List<String> values = r.body().isEmpty() ? List.of() : Arrays.asList(r.body().split(","));
            Map<String, Long> counts = values.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
                    .as("values repeated in %s", object).isEmpty();
            Set<String> mustHave = acked.getOrDefault(object, Set.of());
            assertThat(mustHave.stream().filter(v -> !counts.containsKey(v)).toList())
                    .as("acknowledged writes missing from %s", object).isEmpty();
            Set<String> mayHave = uncertain.getOrDefault(object, Set.of());
            assertThat(values.stream().filter(v -> !mustHave.contains(v) && !mayHave.contains(v)).toList())
                    .as("values in %s nobody wrote", object).isEmpty();
            Map<String, List<Integer>> perWriter = new java.util.HashMap<>();
            for (String v : values) {
                int dash = v.indexOf('-');
                perWriter.computeIfAbsent(v.substring(0, dash), k -> new ArrayList<>()).add(Integer.parseInt(v.substring(dash + 1)));
            }
            perWriter.forEach((w, seqs) -> assertThat(seqs).as("order of %s's writes in %s", w, object).isSorted());
            verifyObjectStorage(object, r.body());
        }
    }

    private static final java.util.regex.Pattern BOOKMARK = java.util.regex.Pattern.compile("\"bookmark\":\"([0-9a-f]+)\"");

    /**
     * Object storage holds the same history with no gap across every failover: restoring the
     * object to its current bookmark from object storage gives the same log.
     */
    private void verifyObjectStorage(String object, String expected) throws Exception {
        int slot = cluster.live().get(0);
        String path = "/admin/v1/objects/log/" + object;
        java.util.regex.Matcher m = BOOKMARK.matcher(cluster.admin(slot, "GET", path, null));
        assertThat(m.find()).as("bookmark of %s", object).isTrue();
        String bookmark = m.group(1);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                cluster.admin(slot, "GET", path, null).contains("\"lastFlushedBookmark\":\"" + bookmark + "\""));
        String restored = cluster.admin(slot, "POST", path + "/restore",
                ("{\"bookmark\":\"" + bookmark + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(restored).as("restore of %s from object storage", object).contains("\"restoredTo\":\"" + bookmark + "\"");
        HttpResponse<String> after = cluster.send(cluster.randomLive(), "GET", "/objects/log/" + object);
        assertThat(after.body()).as("%s restored from object storage", object).isEqualTo(expected);
    }
}
