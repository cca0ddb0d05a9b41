package io.cairn.relay.replication;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Runs tasks one at a time per key, in submission order, on a shared executor (virtual threads): each
 * object's disk work is serial without a thread per object, and different objects run in parallel.
 *
 * <p>Thread-safe. A failing task fails only its own future; the next task of the key still runs.
 */
final class SerialExecutor {

    /** Work that may throw. */
    interface Task<T> {
        T run() throws Exception;
    }

    private final Executor executor;
    private final ConcurrentHashMap<String, CompletableFuture<?>> tails = new ConcurrentHashMap<>();

    SerialExecutor(Executor executor) {
        this.executor = executor;
    }

    <T> CompletableFuture<T> submit(String key, Task<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        @SuppressWarnings("unchecked")
        CompletableFuture<Void>[] created = new CompletableFuture[1];
        tails.compute(key, (k, tail) -> {
            CompletableFuture<?> before = tail == null ? CompletableFuture.completedFuture(null) : tail;
            created[0] = before.handleAsync((v, e) -> {
                try {
                    result.complete(task.run());
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
                return null;
            }, executor).thenApply(v -> null);
            return created[0];
        });
        // Drop the chain once it is done, so idle keys hold nothing (outside compute: it may run right here).
        CompletableFuture<Void> next = created[0];
        next.whenComplete((v, e) -> tails.remove(key, next));
        return result;
    }
}
