package io.cairn.runtime.alarm;

import io.cairn.api.ObjectId;
import io.cairn.runtime.catalog.NodeCatalog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Keeps one timer per object with an alarm and hands due alarms to the execution layer. The
 * timer thread only enqueues events; handlers run on the object's own executor.
 */
public final class AlarmScheduler implements AutoCloseable {

    /** Receives due alarms; {@code retry} is 0 for the first delivery. */
    @FunctionalInterface
    public interface Delivery {
        void deliver(ObjectId id, Instant scheduled, int retry);
    }

    private final NodeCatalog catalog;
    private final Delivery delivery;
    private final Clock clock;
    private final Duration retryBase;
    private final int maxRetries;
    private final ScheduledThreadPoolExecutor timer;
    private final Map<ObjectId, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();

    public AlarmScheduler(NodeCatalog catalog, Delivery delivery, Clock clock, Duration retryBase, int maxRetries) {
        this.catalog = catalog;
        this.delivery = delivery;
        this.clock = clock;
        this.retryBase = retryBase;
        this.maxRetries = maxRetries;
        this.timer = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "cairn-alarms");
            t.setDaemon(true);
            return t;
        });
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Schedules every alarm indexed in the catalog; overdue ones fire at once. */
    public void loadFromCatalog() {
        catalog.forEachAlarm(this::schedule);
    }

    /** Sets the alarm of {@code id} to fire at {@code at}, replacing any earlier timer. */
    public void schedule(ObjectId id, Instant at) {
        arm(id, at, 0, Duration.between(clock.instant(), at));
    }

    /** Reacts to a committed alarm change: present → (re)schedule, absent → cancel and unindex. */
    public void committed(ObjectId id, java.util.Optional<Instant> alarm) {
        if (alarm.isPresent()) {
            catalog.putAlarm(id, alarm.get());
            schedule(id, alarm.get());
        } else {
            cancel(id);
        }
    }

    /** Whether a delivery that failed on attempt {@code retry} gets another try. */
    public boolean mayRetry(int retry) {
        return retry < maxRetries;
    }

    /** Schedules retry number {@code retry} (1-based) after {@code retryBase * 2^(retry-1)}. */
    public void retry(ObjectId id, Instant scheduled, int retry) {
        long factor = 1L << Math.min(retry - 1, 30);
        arm(id, scheduled, retry, retryBase.multipliedBy(factor));
    }

    public void cancel(ObjectId id) {
        ScheduledFuture<?> f = timers.remove(id);
        if (f != null) {
            f.cancel(false);
        }
        catalog.deleteAlarm(id);
    }

    /** Whether {@code id} has an alarm timer on this node. */
    public boolean isArmed(ObjectId id) {
        return timers.containsKey(id);
    }

    /** Number of armed timers. */
    public int pending() {
        return timers.size();
    }

    private void arm(ObjectId id, Instant scheduled, int retry, Duration delay) {
        long ms = Math.max(0, delay.toMillis());
        ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
        Runnable fire = () -> {
            synchronized (timers) {
                timers.remove(id, self[0]);
            }
            delivery.deliver(id, scheduled, retry);
        };
        synchronized (timers) {
            self[0] = timer.schedule(fire, ms, TimeUnit.MILLISECONDS);
            ScheduledFuture<?> old = timers.put(id, self[0]);
            if (old != null) {
                old.cancel(false);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        timers.clear();
    }
}
