package io.cairn.relay.replication;

import java.io.IOException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit for replica logs: one platform thread takes every sync request queued while the previous
 * round ran and fsyncs each log involved once. A request made after a write is covered by the next
 * round, so under load one fsync acknowledges many commits of many objects.
 *
 * <p>Futures complete on the sync thread; callers must not block it (hand off with {@code *Async}).
 */
final class GroupSync implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupSync.class);

    private record Request(ReplicaLog target, CompletableFuture<Void> done) {
    }

    private final LinkedBlockingQueue<Request> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean closed;

    GroupSync() {
        thread = Thread.ofPlatform().name("cairn-replica-fsync").daemon().start(this::run);
    }

    /** Completes once everything written to {@code target} before this call is on disk. */
    CompletableFuture<Void> sync(ReplicaLog target) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new IOException("replica store closed"));
        } else {
            queue.add(new Request(target, f));
        }
        return f;
    }

    private void run() {
        List<Request> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
                continue;
            }
            queue.drainTo(batch);
            Map<ReplicaLog, Throwable> results = new IdentityHashMap<>();
            for (Request r : batch) {
                results.computeIfAbsent(r.target, GroupSync::force);
            }
            for (Request r : batch) {
                Throwable t = results.get(r.target);
                if (t == NO_ERROR) {
                    r.done.complete(null);
                } else {
                    r.done.completeExceptionally(t);
                }
            }
            batch.clear();
        }
        Request r;
        while ((r = queue.poll()) != null) {
            r.done.completeExceptionally(new IOException("replica store closed"));
        }
    }

    private static final Throwable NO_ERROR = new Throwable("ok", null, false, false) {
    };

    private static Throwable force(ReplicaLog l) {
        try {
            l.force();
            return NO_ERROR;
        } catch (IOException | RuntimeException e) {
            log.error("fsync of a replica log failed", e);
            return e;
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
