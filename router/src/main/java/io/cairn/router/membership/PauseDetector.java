package io.cairn.router.membership;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that this process was frozen (SIGSTOP, a long GC pause, a suspended VM): a timer that
 * ticks every 100 ms finds it ran far too late. While frozen, the others may have declared this
 * node dead and moved its objects; its own view of the cluster is stale for a while after it
 * wakes. For a quarantine after such a pause the node takes no object over, and its live objects
 * are closed so no stale instance keeps answering.
 *
 * <p>Thread safety: {@link #suspect()} may be called from any thread.
 */
public final class PauseDetector implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PauseDetector.class);
    private static final long TICK_MS = 100;

    private final long pauseNanos;
    private final long quarantineNanos;
    private final Runnable onPause;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("cairn-pause-detector").factory());
    private long lastTick = System.nanoTime();
    private volatile long suspectUntil = System.nanoTime();

    /**
     * @param pause      a gap this long between ticks counts as a freeze
     * @param quarantine how long the node stays out of takeovers after one
     * @param onPause    run (on the detector's thread) when a freeze is noticed
     */
    public PauseDetector(Duration pause, Duration quarantine, Runnable onPause) {
        this.pauseNanos = pause.toNanos();
        this.quarantineNanos = quarantine.toNanos();
        this.onPause = onPause;
        timer.scheduleWithFixedDelay(this::tick, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        long now = System.nanoTime();
        long gap = now - lastTick;
        lastTick = now;
        if (gap > pauseNanos) {
            suspectUntil = now + quarantineNanos;
            LOG.warn("this node was frozen for {} ms; it takes no object over for {} s and closes its live objects",
                    TimeUnit.NANOSECONDS.toMillis(gap), TimeUnit.NANOSECONDS.toSeconds(quarantineNanos));
            try {
                onPause.run();
            } catch (RuntimeException e) {
                LOG.error("closing objects after a freeze failed", e);
            }
        }
    }

    /** True during the quarantine after a freeze. */
    public boolean suspect() {
        return System.nanoTime() - suspectUntil < 0;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
