package io.cairn.bench;

import io.cairn.api.Response;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;

/** Drives asynchronous calls with a bounded number in flight. */
public final class Driver {

    private Driver() {
    }

    /** What a run did: successes (status 200), failures, the time they took. */
    public record Outcome(long ok, long failed, long nanos, String firstError) {
        public double perSecond() {
            return ok * 1e9 / nanos;
        }
    }

    /**
     * Keeps {@code window} calls outstanding for {@code durationNanos}; counts the calls that
     * completed before the deadline, then waits for the rest to finish (uncounted).
     */
    public static Outcome timed(int window, long durationNanos, Supplier<CompletableFuture<Response>> call) {
        Semaphore permits = new Semaphore(window);
        Counters c = new Counters();
        long start = System.nanoTime();
        long deadline = start + durationNanos;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !permits.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                    break;
                }
                call.get().whenComplete((r, e) -> {
                    c.record(r, e);
                    permits.release();
                });
            }
            long okAtDeadline = c.ok.get();
            long failedAtDeadline = c.failed.get();
            long elapsed = System.nanoTime() - start;
            if (!permits.tryAcquire(window, 120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("calls still outstanding 120 s after the deadline");
            }
            return new Outcome(okAtDeadline, failedAtDeadline, elapsed, c.firstError.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Makes one call per item, at most {@code concurrency} in flight; the time is until the last completed. */
    public static <T> Outcome each(int concurrency, List<T> items, Function<T, CompletableFuture<Response>> call) {
        Semaphore permits = new Semaphore(concurrency);
        Counters c = new Counters();
        long start = System.nanoTime();
        try {
            for (T item : items) {
                permits.acquire();
                call.apply(item).whenComplete((r, e) -> {
                    c.record(r, e);
                    permits.release();
                });
            }
            if (!permits.tryAcquire(concurrency, 300, TimeUnit.SECONDS)) {
                throw new IllegalStateException("calls still outstanding after 300 s");
            }
            return new Outcome(c.ok.get(), c.failed.get(), System.nanoTime() - start, c.firstError.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static final class Counters {
        final AtomicLong ok = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<String> firstError = new AtomicReference<>();

        void record(Response r, Throwable e) {
            if (e == null && r.status() == 200) {
                ok.incrementAndGet();
                return;
            }
            failed.incrementAndGet();
            firstError.compareAndSet(null, e != null ? String.valueOf(e) : "status " + r.status() + ": " + r.bodyAsString());
        }
    }
}
