package io.cairn.bench.replication;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes to one object without pause, one request at a time, through the members it is given in turn
 * (most requests are forwarded to the owner). Counts acknowledged (200) and unacknowledged writes: an
 * unacknowledged write may or may not have happened. Stops when told or after {@code maxRun}.
 */
final class Writer implements AutoCloseable {

    private final String path;
    private final String prefix;
    private final long deadline;
    private final Thread thread;
    private volatile List<URI> targets;
    private volatile boolean stopped;
    private long acked;
    private long unacknowledged;
    private final Map<String, Integer> failures = new TreeMap<>();

    Writer(String path, String prefix, List<URI> targets, Duration maxRun) {
        this.path = path;
        this.prefix = prefix;
        this.targets = List.copyOf(targets);
        this.deadline = System.nanoTime() + maxRun.toNanos();
        this.thread = Thread.ofPlatform().daemon().name("writer-" + prefix).start(this::loop);
    }

    /** The members to write through from the next request on. */
    void targets(List<URI> ts) {
        this.targets = List.copyOf(ts);
    }

    synchronized long acked() {
        return acked;
    }

    synchronized long unacknowledged() {
        return unacknowledged;
    }

    synchronized String failures() {
        return Failures.format(failures);
    }

    private void loop() {
        long seq = 0;
        while (!stopped && System.nanoTime() < deadline) {
            List<URI> ts = targets;
            URI via = ts.get((int) (seq % ts.size()));
            String key;
            try {
                key = String.valueOf(Http.send(via, "POST", path, prefix + seq, Duration.ofSeconds(5)).statusCode());
            } catch (RuntimeException e) {
                key = Failures.name(e);
            }
            seq++;
            synchronized (this) {
                if (key.equals("200")) {
                    acked++;
                } else {
                    unacknowledged++;
                    failures.merge(key, 1, Integer::sum);
                }
            }
        }
    }

    /** Stops after the request in flight. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        thread.join(Duration.ofSeconds(30));
    }
}
