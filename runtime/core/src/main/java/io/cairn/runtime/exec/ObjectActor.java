package io.cairn.runtime.exec;

import io.cairn.api.AlarmInvocation;
import io.cairn.api.DurableObject;
import io.cairn.api.ObjectId;
import io.cairn.api.Response;
import io.cairn.runtime.deploy.LoadedNamespace;
import io.cairn.runtime.gate.CommitTicket;
import io.cairn.runtime.sqlite.EventOutcome;
import io.cairn.runtime.sqlite.ObjectDatabase;
import io.cairn.runtime.spi.StorageUnavailableException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single executor of one object: a mailbox drained by one virtual thread at a time, so the
 * object sees its events strictly one after another (the input gate). Fields without
 * {@code volatile} are touched only by the draining thread.
 */
final class ObjectActor {

    private static final Logger LOG = LoggerFactory.getLogger(ObjectActor.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    /** Events handled per turn before yielding the thread to other objects. */
    private static final int TURN = 64;
    public static final String BOOKMARK_HEADER = "Cairn-Bookmark";

    final ObjectId id;
    final ObjectHost host;

    private final ArrayDeque<ObjectEvent> mailbox = new ArrayDeque<>();
    private boolean scheduled;
    private boolean retired;

    private LiveInstance live;
    private long commitSequence;
    private CompletableFuture<Void> lastDurable = DONE;
    /** Bookmark of the latest commit, when the storage hooks keep bookmarks. */
    private String lastBookmark;
    private final OutputQueue outputs = new OutputQueue();

    volatile long lastActiveNanos = System.nanoTime();
    volatile boolean isLive;
    /** Deployment version of the live code, 0 when not live; lets the host retire old class loaders. */
    volatile long codeVersion;

    ObjectActor(ObjectId id, ObjectHost host) {
        this.id = id;
        this.host = host;
    }

    /** Queues an event; false when this actor has retired and a fresh one must take it. */
    boolean offer(ObjectEvent event) {
        synchronized (this) {
            if (retired) {
                return false;
            }
            mailbox.add(event);
            if (scheduled) {
                return true;
            }
            scheduled = true;
        }
        host.executor().execute(this::drain);
        return true;
    }

    private void drain() {
        for (int n = 0; n < TURN; n++) {
            ObjectEvent event;
            synchronized (this) {
                event = mailbox.poll();
                if (event == null) {
                    scheduled = false;
                    if (live == null) {
                        retired = true;
                        host.retired(this);
                    }
                    return;
                }
            }
            try {
                handle(event);
            } catch (Throwable t) {
                // Never let one event kill the drain loop: the object would stop receiving events.
                LOG.error("{}: unexpected failure handling {}", id, event.getClass().getSimpleName(), t);
            }
        }
        host.executor().execute(this::drain);
    }

    private void handle(ObjectEvent event) {
        lastActiveNanos = System.nanoTime();
        switch (event) {
            case ObjectEvent.Deactivate d -> deactivate(d.reason());
            case ObjectEvent.Exclusive x -> runExclusive(x);
            case ObjectEvent.Http h -> handleHttp(h);
            case ObjectEvent.Alarm a -> handleAlarm(a);
            case ObjectEvent.SocketMessage m ->
                    runQuietly(CallChain.root(), o -> o.webSocketMessage(m.socket(), m.message()), "webSocketMessage");
            case ObjectEvent.SocketClose c ->
                    runQuietly(CallChain.root(), o -> o.webSocketClose(c.socket(), c.code(), c.reason(), c.wasClean()), "webSocketClose");
            case ObjectEvent.SocketError e ->
                    runQuietly(CallChain.root(), o -> o.webSocketError(e.socket(), e.error()), "webSocketError");
        }
    }

    @FunctionalInterface
    private interface Handler {
        Response call(DurableObject object) throws Exception;
    }

    @FunctionalInterface
    private interface VoidHandler {
        void call(DurableObject object) throws Exception;
    }

    /** Outcome of running one handler inside one implicit transaction. */
    private record Ran(EventScope scope, Response response, ObjectFailure failure, CompletableFuture<Void> durable,
                       String bookmark) {
    }

    private void handleHttp(ObjectEvent.Http h) {
        Ran ran = run(h.chain(), o -> {
            Response r = o.fetch(h.request());
            if (r == null) {
                throw new IllegalStateException("fetch returned null: return a Response");
            }
            return r;
        });
        if (ran.scope() == null) {
            h.reply().completeExceptionally(ran.failure());
            return;
        }
        if (ran.failure() == null && ran.response().webSocket() != null) {
            ran.scope().abandonAcceptedExcept((io.cairn.runtime.ws.HostedSocket) ran.response().webSocket());
        } else {
            ran.scope().abandonAcceptedExcept(null);
        }
        outputs.add(ran.durable(), () -> {
            ran.scope().release();
            if (ran.failure() == null) {
                h.reply().complete(ran.bookmark() == null ? ran.response() : withBookmark(ran.response(), ran.bookmark()));
            } else {
                h.reply().completeExceptionally(ran.failure());
            }
        }, err -> {
            ran.scope().discard();
            h.reply().completeExceptionally(notDurable(err));
        });
    }

    private static Response withBookmark(Response r, String bookmark) {
        return new Response(r.status(), r.headers().toBuilder().set(BOOKMARK_HEADER, bookmark).build(), r.body(), r.webSocket());
    }

    private void runQuietly(CallChain chain, VoidHandler handler, String what) {
        Ran ran = run(chain, o -> {
            handler.call(o);
            return null;
        });
        if (ran.failure() != null) {
            LOG.warn("{}: {} failed: {}", id, what, ran.failure().getMessage());
        }
        if (ran.scope() != null) {
            gateOutputs(ran);
        }
    }

    private void gateOutputs(Ran ran) {
        if (ran.scope().hasOutputs()) {
            outputs.add(ran.durable(), ran.scope()::release, err -> ran.scope().discard());
        }
    }

    private void handleAlarm(ObjectEvent.Alarm a) {
        LiveInstance inst;
        try {
            inst = ensureLive(CallChain.root());
        } catch (ObjectFailure f) {
            if (f.kind() == ObjectFailure.Kind.MOVED) {
                // The object lives on another node now; its owner schedules the alarm from the database.
                host.alarms().cancel(id);
                return;
            }
            retryAlarm(a, f.getMessage());
            return;
        }
        Optional<Instant> due = inst.db().committedAlarm();
        if (due.isEmpty()) {
            host.alarms().cancel(id);
            return;
        }
        if (due.get().isAfter(host.clock().instant())) {
            host.alarms().schedule(id, due.get());
            return;
        }
        Instant scheduled = due.get();
        Ran ran = run(CallChain.root(), o -> {
            o.alarm(new AlarmInvocation(scheduled, a.retry()));
            // Delivered: clear it unless the handler set a new time.
            if (live.db().storage().getAlarm().equals(Optional.of(scheduled))) {
                live.db().storage().deleteAlarm();
            }
            return null;
        });
        if (ran.scope() != null) {
            gateOutputs(ran);
        }
        if (ran.failure() != null) {
            retryAlarm(a, ran.failure().getMessage());
        }
    }

    private void retryAlarm(ObjectEvent.Alarm a, String why) {
        if (host.alarms().mayRetry(a.retry())) {
            LOG.info("{}: alarm failed (attempt {}), retrying: {}", id, a.retry() + 1, why);
            host.alarms().retry(id, a.scheduled(), a.retry() + 1);
            return;
        }
        LOG.warn("{}: alarm failed {} times, dropping it: {}", id, a.retry() + 1, why);
        Ran dropped = run(CallChain.root(), o -> {
            live.db().storage().deleteAlarm();
            return null;
        });
        if (dropped.scope() == null) {
            host.alarms().cancel(id);
        }
    }

    /**
     * Runs one handler in one implicit transaction: commit on return, rollback on throw. The
     * returned durability future is what the event's outputs must wait for. A null scope means
     * the object could not be activated.
     */
    private Ran run(CallChain chain, Handler handler) {
        LiveInstance inst;
        try {
            inst = ensureLive(chain);
        } catch (ObjectFailure f) {
            return new Ran(null, null, f, lastDurable, null);
        }
        EventScope scope = new EventScope(this, chain);
        Response response = null;
        ObjectFailure failure = null;
        inst.db().beginEvent();
        scope.enter();
        Thread thread = Thread.currentThread();
        ClassLoader previousLoader = thread.getContextClassLoader();
        // Libraries in the user's JAR that look up resources through the context loader find its own.
        thread.setContextClassLoader(inst.code().objectClass().getClassLoader());
        try {
            response = handler.call(inst.object());
        } catch (Throwable t) {
            failure = new ObjectFailure(ObjectFailure.Kind.OBJECT_THREW, id,
                    id + " threw " + ObjectFailure.describe(t), t);
        } finally {
            thread.setContextClassLoader(previousLoader);
            scope.exit();
        }
        String bookmarkBefore = lastBookmark;
        if (failure == null) {
            failure = commit(inst);
        } else {
            rollback(inst);
        }
        if (failure != null) {
            scope.discard();
        }
        String bookmark = failure == null && lastBookmark != null && !lastBookmark.equals(bookmarkBefore) ? lastBookmark : null;
        return new Ran(scope, response, failure, lastDurable, bookmark);
    }

    /** Commits the event and submits it to the output gate; returns a failure if the commit failed. */
    private ObjectFailure commit(LiveInstance inst) {
        ObjectDatabase db = inst.db();
        try {
            Optional<Instant> pending = db.storage().getAlarm();
            if (pending.isPresent() && !pending.equals(db.committedAlarm())) {
                // Index first: an alarm must never be committed without being findable after a restart.
                host.catalog().putAlarm(id, pending.get());
            }
            if (db.inEvent() && db.eventWrote()) {
                try {
                    host.storageHooks().beforeCommit(id);
                } catch (io.cairn.runtime.spi.StorageUnavailableException e) {
                    rollback(inst);
                    return new ObjectFailure(ObjectFailure.Kind.STORAGE_UNAVAILABLE, id,
                            "the writes of this event were not made: " + e.getMessage(), e);
                }
            }
            EventOutcome outcome = db.commitEvent();
            if (outcome.wrote()) {
                Instant at = host.clock().instant();
                String bookmark;
                try {
                    bookmark = host.storageHooks().committed(id, db, at);
                } catch (RuntimeException e) {
                    LOG.error("{}: the storage relay could not take a commit; restarting the object", id, e);
                    lastDurable = CompletableFuture.failedFuture(e);
                    host.enqueue(id, new ObjectEvent.Deactivate("commit not captured"));
                    return null;
                }
                if (bookmark != null) {
                    lastBookmark = bookmark;
                }
                CompletableFuture<Void> durable = host.gate().submit(
                        new CommitTicket(id, ++commitSequence, db.walFile(), at, bookmark));
                durable.whenComplete((v, err) -> {
                    if (err != null) {
                        LOG.error("{}: a commit did not become durable; restarting the object", id, err);
                        host.enqueue(id, new ObjectEvent.Deactivate("durability failed"));
                    }
                });
                lastDurable = durable;
            }
            if (outcome.alarmChanged()) {
                host.alarms().committed(id, outcome.alarm());
            }
            return null;
        } catch (RuntimeException e) {
            rollback(inst);
            LOG.error("{}: commit failed; restarting the object", id, e);
            deactivate("commit failed");
            return new ObjectFailure(ObjectFailure.Kind.STORAGE_FAILED, id,
                    "the writes of this event could not be committed: " + ObjectFailure.describe(e), e);
        }
    }

    private void rollback(LiveInstance inst) {
        try {
            if (inst.db().inEvent()) {
                inst.db().rollbackEvent();
            }
        } catch (RuntimeException e) {
            LOG.error("{}: rollback failed; restarting the object", id, e);
            deactivate("rollback failed");
        }
    }

    private ObjectFailure notDurable(Throwable err) {
        return new ObjectFailure(ObjectFailure.Kind.NOT_DURABLE, id,
                "the writes before this response could not be made durable: " + ObjectFailure.describe(err), err);
    }

    /** The live instance on the namespace's current code, activating (or re-activating) as needed. */
    private LiveInstance ensureLive(CallChain chain) {
        LoadedNamespace code = host.deployments().namespace(id.namespace()).orElse(null);
        if (code == null) {
            deactivate("namespace unbound");
            throw new ObjectFailure(ObjectFailure.Kind.UNKNOWN_NAMESPACE, id, "unknown namespace '" + id.namespace()
                    + "': no deployment binds it; deploy a JAR whose META-INF/cairn.json names it", null);
        }
        if (live != null && live.code().deployment().version() != code.deployment().version()) {
            deactivate("redeployed");
        }
        if (live == null) {
            activate(code, chain);
        }
        return live;
    }

    private void activate(LoadedNamespace code, CallChain chain) {
        codeVersion = code.deployment().version();
        ObjectDatabase db = openDatabase();
        ObjectContextImpl context = new ObjectContextImpl(this, db, code.config());
        EventScope scope = new EventScope(this, chain);
        DurableObject object;
        db.beginEvent();
        scope.enter();
        try {
            object = code.instantiate(context);
        } catch (Throwable t) {
            scope.exit();
            scope.discard();
            try {
                db.rollbackEvent();
            } finally {
                closeQuietly(db);
                codeVersion = 0;
            }
            throw new ObjectFailure(ObjectFailure.Kind.ACTIVATION_FAILED, id, "the constructor of "
                    + code.objectClass().getName() + " threw " + ObjectFailure.describe(t), t);
        } finally {
            scope.exit();
        }
        live = new LiveInstance(code, db, object, context);
        isLive = true;
        ObjectFailure failure = commit(live);
        if (failure != null) {
            scope.discard();
            if (failure.kind() == ObjectFailure.Kind.STORAGE_UNAVAILABLE) {
                // The constructor's writes were rolled back: this instance must not serve without them.
                deactivate("constructor writes refused");
                throw failure;
            }
            throw new ObjectFailure(ObjectFailure.Kind.ACTIVATION_FAILED, id, failure.getMessage(), failure);
        }
        gateOutputs(new Ran(scope, null, null, lastDurable, null));
        host.catalog().recordObject(id);
        db.committedAlarm().ifPresent(at -> host.alarms().schedule(id, at));
        host.activated(this);
    }

    private ObjectDatabase openDatabase() {
        ObjectDatabase db = null;
        try {
            host.activationGuard().beforeActivate(id);
            host.storageHooks().beforeOpen(id, host.pathFor(id));
            db = ObjectDatabase.open(host.pathFor(id), host.sqliteOptions());
            host.storageHooks().opened(id, db);
            return db;
        } catch (RuntimeException e) {
            codeVersion = 0;
            if (db != null) {
                closeQuietly(db);
            }
            if (e instanceof io.cairn.runtime.spi.ObjectMovedException moved) {
                throw new ObjectFailure(ObjectFailure.Kind.MOVED, id, moved.getMessage(), moved);
            }
            ObjectFailure.Kind kind = e instanceof StorageUnavailableException
                    ? ObjectFailure.Kind.STORAGE_UNAVAILABLE : ObjectFailure.Kind.STORAGE_FAILED;
            throw new ObjectFailure(kind, id, "cannot open the database of " + id + ": " + ObjectFailure.describe(e), e);
        }
    }

    private void runExclusive(ObjectEvent.Exclusive x) {
        deactivate("exclusive task");
        try {
            x.result().complete(x.task().run(host.pathFor(id)));
        } catch (Throwable t) {
            x.result().completeExceptionally(t);
        }
    }

    /** Evicts the live instance once its outputs are durable; the next event re-activates it. */
    private void deactivate(String reason) {
        LiveInstance inst = live;
        if (inst == null) {
            return;
        }
        live = null;
        isLive = false;
        codeVersion = 0;
        try {
            // The WAL handle of the gate must outlive every commit it still has to fsync.
            lastDurable.handle((v, e) -> null).join();
        } finally {
            host.gate().release(id);
            if (inst.db().inEvent()) {
                inst.db().rollbackEvent();
            }
            try {
                host.storageHooks().closing(id, inst.db());
            } catch (RuntimeException e) {
                LOG.error("{}: the storage relay failed while the object was closing", id, e);
            }
            closeQuietly(inst.db());
            try {
                host.storageHooks().closed(id);
            } catch (RuntimeException e) {
                LOG.error("{}: the storage relay failed after the object closed", id, e);
            }
            host.deactivated(this, reason);
        }
    }

    private void closeQuietly(ObjectDatabase db) {
        try {
            db.close();
        } catch (RuntimeException e) {
            LOG.warn("{}: closing the database failed", id, e);
        }
    }
}
