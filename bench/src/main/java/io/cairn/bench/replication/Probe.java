package io.cairn.bench.replication;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Finds the first acknowledged write after a kill: sends a write with a fresh value through one member
 * every {@code period}, without waiting for earlier ones (a request the member holds while the object
 * moves must not delay the next probe), until one answers 200 or {@code timeout} passes. Times are
 * from {@code t0} (the kill), when the answer arrived.
 */
final class Probe {

    /** What the probing saw; times in ms from the kill, -1 when no probe succeeded. */
    record Result(long firstOkMs, long firstOkSentMs, int sent, int acked, String statuses) {
    }

    private final Object lock = new Object();
    private long firstOkNanos = -1;
    private long firstOkSentNanos = -1;
    private int acked;
    private final Map<String, Integer> statuses = new TreeMap<>();

    static Result run(URI via, String path, String prefix, long t0, Duration period, Duration timeout) throws InterruptedException {
        return new Probe().probe(via, path, prefix, t0, period, timeout);
    }

    private Result probe(URI via, String path, String prefix, long t0, Duration period, Duration timeout) throws InterruptedException {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        long deadline = t0 + timeout.toNanos();
        while (firstOk() < 0 && System.nanoTime() < deadline) {
            long sentAt = System.nanoTime();
            HttpRequest req = HttpRequest.newBuilder(URI.create(via + path)).timeout(Duration.ofSeconds(10))
                    .POST(HttpRequest.BodyPublishers.ofString(prefix + sent.size())).build();
            sent.add(Http.CLIENT.sendAsync(req, HttpResponse.BodyHandlers.discarding())
                    .handle((r, e) -> {
                        answered(System.nanoTime(), sentAt, e == null ? String.valueOf(r.statusCode()) : Failures.name(e));
                        return null;
                    }));
            TimeUnit.NANOSECONDS.sleep(Math.max(0, sentAt + period.toNanos() - System.nanoTime()));
        }
        // Let the probes still out finish: one may yet be acknowledged, and their statuses tell the story.
        try {
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(15, TimeUnit.SECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            // counted as unanswered below
        }
        synchronized (lock) {
            int unanswered = sent.size() - statuses.values().stream().mapToInt(Integer::intValue).sum();
            if (unanswered > 0) {
                statuses.merge("unanswered", unanswered, Integer::sum);
            }
            return new Result(firstOkNanos < 0 ? -1 : (firstOkNanos - t0) / 1_000_000,
                    firstOkSentNanos < 0 ? -1 : (firstOkSentNanos - t0) / 1_000_000, sent.size(), acked, Failures.format(statuses));
        }
    }

    private long firstOk() {
        synchronized (lock) {
            return firstOkNanos;
        }
    }

    private void answered(long at, long sentAt, String status) {
        synchronized (lock) {
            statuses.merge(status, 1, Integer::sum);
            if (status.equals("200")) {
                acked++;
                if (firstOkNanos < 0 || at < firstOkNanos) {
                    firstOkNanos = at;
                    firstOkSentNanos = sentAt;
                }
            }
        }
    }
}
