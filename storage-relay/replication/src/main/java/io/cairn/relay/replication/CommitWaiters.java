package io.cairn.relay.replication;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;

/**
 * The futures waiting for txids to be held by a quorum, each with its timeout timer. Confined to the
 * {@link QuorumReplicator}'s context (timers fire there too).
 */
final class CommitWaiters {

    private record Waiter(CompletableFuture<Void> future, long timer) {
    }

    private final Vertx vertx;
    private final Duration timeout;
    private final LongFunction<RuntimeException> timeoutError;
    private final TreeMap<Long, List<Waiter>> waiters = new TreeMap<>();

    /** @param timeoutError the failure of a future still waiting for a txid after {@code timeout} */
    CommitWaiters(Vertx vertx, Duration timeout, LongFunction<RuntimeException> timeoutError) {
        this.vertx = vertx;
        this.timeout = timeout;
        this.timeoutError = timeoutError;
    }

    /** Completes {@code f} once {@code txid} is committed: at once when {@code committed} reaches it. */
    void add(long txid, long committed, CompletableFuture<Void> f) {
        if (txid <= committed) {
            f.complete(null);
            return;
        }
        long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> {
            List<Waiter> list = waiters.get(txid);
            if (list != null && list.removeIf(w -> w.future == f) && list.isEmpty()) {
                waiters.remove(txid);
            }
            f.completeExceptionally(timeoutError.apply(txid));
        });
        waiters.computeIfAbsent(txid, k -> new ArrayList<>()).add(new Waiter(f, timer));
    }

    /** Completes every future waiting for {@code txid} or an earlier one. */
    void completeUpTo(long txid) {
        Map<Long, List<Waiter>> done = waiters.headMap(txid, true);
        done.values().forEach(list -> list.forEach(w -> {
            vertx.cancelTimer(w.timer);
            w.future.complete(null);
        }));
        done.clear();
    }

    /** Fails every waiting future with {@code e}. */
    void failAll(RuntimeException e) {
        waiters.values().forEach(list -> list.forEach(w -> {
            vertx.cancelTimer(w.timer);
            w.future.completeExceptionally(e);
        }));
        waiters.clear();
    }
}
