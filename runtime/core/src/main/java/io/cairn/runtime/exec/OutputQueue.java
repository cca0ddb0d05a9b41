package io.cairn.runtime.exec;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Releases one object's outputs in the order they were produced, each once its durability
 * future is done. Needed because dependents of one CompletableFuture run in no promised order,
 * and two read-only events share the same durability future.
 */
final class OutputQueue {

    private record Pending(CompletableFuture<Void> durable, Runnable release, Consumer<Throwable> fail) {
    }

    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private boolean draining;

    void add(CompletableFuture<Void> durable, Runnable release, Consumer<Throwable> fail) {
        synchronized (this) {
            queue.add(new Pending(durable, release, fail));
        }
        durable.whenComplete((v, e) -> drain());
    }

    private void drain() {
        synchronized (this) {
            if (draining) {
                return;
            }
            draining = true;
        }
        while (true) {
            Pending head;
            synchronized (this) {
                head = queue.peek();
                if (head == null || !head.durable.isDone()) {
                    draining = false;
                    return;
                }
                queue.poll();
            }
            Throwable failure = head.durable.isCompletedExceptionally() ? failureOf(head.durable) : null;
            try {
                if (failure == null) {
                    head.release.run();
                } else {
                    head.fail.accept(failure);
                }
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(OutputQueue.class).warn("releasing an output failed", e);
            }
        }
    }

    private static Throwable failureOf(CompletableFuture<Void> f) {
        try {
            f.join();
            return null;
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause() != null ? e.getCause() : e;
        } catch (java.util.concurrent.CancellationException e) {
            return e;
        }
    }
}
