package io.cairn.runtime.gate;

import io.cairn.api.ObjectId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Single-node durability: a commit is durable once an fsync of the object's WAL file that
 * started after the commit has finished. SQLite runs with {@code synchronous=NORMAL}, so it does
 * not fsync on commit; this gate does, and one fsync covers every commit that reached the file
 * before it started (group commit). The object keeps executing meanwhile; only outputs wait.
 *
 * <p>fsync blocks in the kernel, so it runs on a small pool of platform threads shared by all
 * objects: thousands of objects never need thousands of threads.
 */
public final class FsyncGroupCommitGate implements DurabilityGate {

    private final ExecutorService syncers;
    private final Map<ObjectId, WalSyncer> byObject = new ConcurrentHashMap<>();
    private final Counter fsyncs;
    private final Counter commits;
    private final int coalesceCommits;
    private final long coalesceNanos;

    public FsyncGroupCommitGate(int threads, MeterRegistry metrics) {
        this(threads, metrics, 1, 0);
    }

    /**
     * With coalescing: before each fsync, wait until {@code coalesceCommits} commits are queued
     * or {@code coalesceNanos} passed (like PostgreSQL's commit_delay). Fewer, larger fsyncs for
     * busy objects at the price of up to that delay per answer; {@code (1, 0)} turns it off.
     */
    public FsyncGroupCommitGate(int threads, MeterRegistry metrics, int coalesceCommits, long coalesceNanos) {
        if (coalesceCommits < 1 || coalesceNanos < 0) {
            throw new IllegalArgumentException("coalesceCommits must be >= 1 and coalesceNanos >= 0, got "
                    + coalesceCommits + " and " + coalesceNanos);
        }
        this.coalesceCommits = coalesceCommits;
        this.coalesceNanos = coalesceNanos;
        AtomicInteger n = new AtomicInteger();
        this.syncers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "cairn-fsync-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.fsyncs = Counter.builder("cairn_wal_fsyncs").description("WAL fsyncs made by the output gate").register(metrics);
        this.commits = Counter.builder("cairn_gate_commits").description("commits submitted to the output gate").register(metrics);
    }

    @Override
    public CompletableFuture<Void> submit(CommitTicket ticket) {
        commits.increment();
        return byObject.computeIfAbsent(ticket.object(), id -> new WalSyncer(ticket.walFile())).submit(ticket.sequence());
    }

    @Override
    public void release(ObjectId object) {
        WalSyncer s = byObject.remove(object);
        if (s != null) {
            s.close();
        }
    }

    @Override
    public void close() {
        syncers.shutdown();
        byObject.values().forEach(WalSyncer::close);
        byObject.clear();
    }

    private record Waiter(long sequence, CompletableFuture<Void> future) {
    }

    /** Group commit for one WAL file: at most one fsync in flight, the next covers all that queued meanwhile. */
    private final class WalSyncer {
        private final Path wal;
        private FileChannel channel;
        private final ArrayDeque<Waiter> waiting = new ArrayDeque<>();
        private long requested;
        private boolean scheduled;

        WalSyncer(Path wal) {
            this.wal = wal;
        }

        synchronized CompletableFuture<Void> submit(long sequence) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            waiting.add(new Waiter(sequence, f));
            requested = Math.max(requested, sequence);
            if (!scheduled) {
                scheduled = true;
                syncers.execute(this::run);
            }
            return f;
        }

        private void run() {
            while (true) {
                awaitCoalescing();
                long target;
                synchronized (this) {
                    target = requested;
                }
                Throwable failure = null;
                try {
                    force();
                    fsyncs.increment();
                } catch (Throwable t) {
                    failure = t;
                }
                synchronized (this) {
                    while (!waiting.isEmpty() && waiting.peek().sequence() <= target) {
                        Waiter w = waiting.poll();
                        if (failure == null) {
                            w.future().complete(null);
                        } else {
                            w.future().completeExceptionally(failure);
                        }
                    }
                    if (waiting.isEmpty()) {
                        scheduled = false;
                        return;
                    }
                }
            }
        }

        private void awaitCoalescing() {
            long deadline = System.nanoTime() + coalesceNanos;
            while (System.nanoTime() < deadline) {
                synchronized (this) {
                    if (waiting.size() >= coalesceCommits) {
                        return;
                    }
                }
                Thread.onSpinWait();
            }
        }

        private void force() throws IOException {
            FileChannel ch;
            synchronized (this) {
                if (channel == null) {
                    // The WAL is created by the first write; make its directory entry durable once.
                    channel = FileChannel.open(wal, StandardOpenOption.WRITE);
                    try (FileChannel dir = FileChannel.open(wal.getParent(), StandardOpenOption.READ)) {
                        dir.force(true);
                    }
                }
                ch = channel;
            }
            ch.force(false);
        }

        synchronized void close() {
            if (channel != null) {
                try {
                    channel.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    channel = null;
                }
            }
        }
    }
}
