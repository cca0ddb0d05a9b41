package io.cairn.relay.replication;

import io.cairn.relay.replication.Message.Ack;
import io.cairn.relay.replication.Message.Append;
import io.cairn.relay.replication.Message.Fetch;
import io.cairn.relay.replication.Message.Install;
import io.cairn.relay.replication.Message.Nack;
import io.cairn.relay.replication.Message.Prepare;
import io.cairn.relay.replication.Message.Reason;
import io.cairn.relay.replication.Message.Request;
import io.cairn.relay.replication.Message.Response;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica side of one node: for every object it replicates, the promised epoch, a durable log of the
 * commits received, and an applied copy of the database, under {@code <dir>/<h2>/<sha256(key)>/}.
 *
 * <p><b>Completion contract.</b> {@link #handle} never blocks its caller: the work runs on the object's
 * serial executor (virtual threads; one task at a time per object, in call order), and the returned
 * future completes on a store thread. An {@link Ack} completes only after the group fsync of the log that
 * covers the Append; a {@link Message.Promise} only after the promise was written durably; the Ack of an
 * {@link Install}'s last chunk only after the image, the meta and the emptied log are durable. Applying
 * committed commits to the copy happens later, in the background, at most every {@code applyInterval}.
 *
 * <p>Thread-safe. Objects stay open until {@link #close()}.
 */
public final class ReplicaStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaStore.class);

    /**
     * @param applyInterval how long committed commits may wait before being applied to the copy (batches
     *                      the copy's fsyncs); zero applies after every Append
     * @param keepTail      applied commits kept in the log for catch-up of other replicas and new owners
     */
    public record Options(Duration applyInterval, long keepTail) {
        public static final Options DEFAULTS = new Options(Duration.ofMillis(200), 1024);

        public Options {
            Objects.requireNonNull(applyInterval, "applyInterval");
            if (keepTail < 0) {
                throw new IllegalArgumentException("keepTail must not be negative");
            }
        }
    }

    /** What a replica holds of one object, for admin views and tests. */
    public record ReplicaView(String objectKey, long promisedEpoch, Position position, long appliedTxid,
                              Path databaseFile) {
    }

    private final Path dir;
    private final Options options;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final SerialExecutor serial = new SerialExecutor(workers);
    private final GroupSync sync = new GroupSync();
    private final ScheduledExecutorService timer;
    private final Map<String, ObjectReplica> objects = new ConcurrentHashMap<>();
    private final Map<String, Boolean> applyScheduled = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private ReplicaStore(Path dir, Options options) {
        this.dir = dir;
        this.options = options;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                .name("cairn-replica-apply-timer").daemon().unstarted(r));
    }

    /** Opens (creating) the store in {@code dir}; objects are opened (and recovered) on first use. */
    public static ReplicaStore open(Path dir, Options options) throws IOException {
        Files.createDirectories(dir);
        return new ReplicaStore(dir, options);
    }

    public Path directory() {
        return dir;
    }

    /** Handles one request; see the class comment for when the future completes. */
    public CompletableFuture<Response> handle(Request request) {
        String key = request.objectKey();
        if (closed) {
            return CompletableFuture.completedFuture(failed(key, new IOException("replica store closed")));
        }
        CompletableFuture<Response> work = switch (request) {
            case Prepare p -> serial.submit(key, () -> object(key).prepare(p.epoch()));
            case Fetch f -> serial.submit(key, () -> (Response) object(key).fetch(f));
            case Append a -> serial.submit(key, () -> object(key).append(a)).thenCompose(r -> afterAppend(key, r));
            case Install i -> serial.submit(key, () -> object(key).install(i)).thenApply(r -> {
                if (r instanceof Ack) {
                    scheduleApply(key);   // an install is durable when answered: no group sync to wait for
                }
                return r;
            });
        };
        return work.exceptionally(e -> failed(key, e));
    }

    private CompletableFuture<Response> afterAppend(String key, Response r) {
        if (!(r instanceof Ack ack)) {
            return CompletableFuture.completedFuture(r);
        }
        ObjectReplica o = objects.get(key);
        return sync.sync(o.log()).thenApplyAsync(v -> {
            o.markDurable(ack.position().txid());
            scheduleApply(key);
            return r;
        }, workers);
    }

    private void scheduleApply(String key) {
        if (options.applyInterval().isZero()) {
            serial.submit(key, () -> apply(key));
        } else if (applyScheduled.putIfAbsent(key, Boolean.TRUE) == null) {
            timer.schedule(() -> serial.submit(key, () -> {
                applyScheduled.remove(key);
                return apply(key);
            }), options.applyInterval().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private Void apply(String key) {
        ObjectReplica o = objects.get(key);
        if (o != null && !closed && o.applyPending()) {
            try {
                o.applyCommitted(options.keepTail());
            } catch (IOException | RuntimeException e) {
                // The log still holds the commits; the next Append retries the apply.
                log.error("applying commits of {} failed", key, e);
            }
        }
        return null;
    }

    /** What this replica holds of {@code objectKey}; opens the object (on its executor) if needed. */
    public CompletableFuture<Optional<ReplicaView>> view(String objectKey) {
        return serial.submit(objectKey, () -> {
            if (!objects.containsKey(objectKey) && !Files.exists(Stores.objectDir(dir, objectKey))) {
                return Optional.empty();
            }
            ObjectReplica o = object(objectKey);
            ReplicaMeta m = o.meta();
            return Optional.of(new ReplicaView(objectKey, m.promisedEpoch(), o.position(), m.appliedTxid(),
                    o.databaseFile()));
        });
    }

    private ObjectReplica object(String key) throws IOException {
        ObjectReplica o = objects.get(key);
        if (o == null) {
            o = ObjectReplica.open(Stores.objectDir(dir, key), key);
            objects.put(key, o);
        }
        return o;
    }

    private static Response failed(String key, Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null
                ? e.getCause() : e;
        log.warn("replica request for {} failed", key, cause);
        return new Nack(key, -1, Reason.FAILED, -1, String.valueOf(cause.getMessage()));
    }

    /** Stops accepting work, waits for running tasks, and closes every object's files. */
    @Override
    public void close() {
        closed = true;
        timer.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sync.close();
        for (ObjectReplica o : objects.values()) {
            try {
                o.close();
            } catch (IOException e) {
                log.warn("closing replica {}", o.meta().objectKey(), e);
            }
        }
        objects.clear();
    }
}
