package io.cairn.bench;

import io.cairn.api.ObjectId;
import io.cairn.runtime.gate.CommitTicket;
import io.cairn.runtime.gate.DurabilityGate;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Diagnostic, not the runtime's gate: the runtime's group commit (one fsync in flight per WAL,
 * the next covers everything queued meanwhile) plus a coalescing delay before each fsync — it
 * waits until {@code minBatch} commits are queued or {@code maxDelayNanos} passed (like
 * PostgreSQL's commit_delay). Used to measure what fewer, larger fsyncs would save.
 */
final class CoalescingFsyncGate implements DurabilityGate {

    private final ExecutorService syncers = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "bench-coalescing-fsync");
        t.setDaemon(true);
        return t;
    });
    private final Map<ObjectId, WalSyncer> byObject = new ConcurrentHashMap<>();
    private final int minBatch;
    private final long maxDelayNanos;
    final AtomicLong commits = new AtomicLong();
    final AtomicLong fsyncs = new AtomicLong();

    CoalescingFsyncGate(int minBatch, long maxDelayNanos) {
        this.minBatch = minBatch;
        this.maxDelayNanos = maxDelayNanos;
    }

    @Override
    public CompletableFuture<Void> submit(CommitTicket ticket) {
        commits.incrementAndGet();
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
                long deadline = System.nanoTime() + maxDelayNanos;
                while (System.nanoTime() < deadline) {
                    synchronized (this) {
                        if (waiting.size() >= minBatch) {
                            break;
                        }
                    }
                    LockSupport.parkNanos(20_000);
                }
                long target;
                synchronized (this) {
                    target = requested;
                }
                Throwable failure = null;
                try {
                    force();
                    fsyncs.incrementAndGet();
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

        private void force() throws IOException {
            FileChannel ch;
            synchronized (this) {
                if (channel == null) {
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
