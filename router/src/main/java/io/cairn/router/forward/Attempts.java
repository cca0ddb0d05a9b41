package io.cairn.router.forward;

import io.cairn.runtime.http.HttpErrors;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bounded attempt loop one forwarded request (HTTP or WebSocket upgrade) goes through: ask the
 * resolver, try the owner, and on a failure that left the object untouched wait and try again, up to
 * {@link ForwarderOptions#maxAttempts()}.
 *
 * <p>Threading: one instance per request, used only on that request's event loop (timers set from it
 * fire there too), so its fields need no synchronization.
 */
abstract class Attempts {

    private static final Logger LOG = LoggerFactory.getLogger(Attempts.class);

    protected final HttpServerRequest req;
    protected final ForwarderOptions options;
    private final Vertx vertx;
    private final IntFunction<ForwardTarget> resolve;
    private int attempt;

    Attempts(Vertx vertx, ForwarderOptions options, HttpServerRequest req, IntFunction<ForwardTarget> resolve) {
        this.vertx = vertx;
        this.options = options;
        this.req = req;
        this.resolve = resolve;
    }

    /** Sends the request to {@code target}; ends by answering the client, {@link #retry} or one of the give-ups. */
    protected abstract void attempt(ForwardTarget.Remote target, int attempt);

    /** Starts the next attempt now. */
    protected final void next() {
        if (req.response().closed()) {
            return; // the client left; nobody is waiting for an answer
        }
        ForwardTarget target;
        try {
            target = resolve.apply(attempt);
        } catch (RuntimeException e) {
            LOG.warn("resolving the owner of {} failed", req.path(), e);
            resumeIfUnread();
            HttpErrors.send(req.response(), 500, "internal", "cannot find the node owning " + req.path() + ": " + e);
            return;
        }
        switch (target) {
            case ForwardTarget.Unavailable u -> moving(u.reason());
            case ForwardTarget.Remote r -> attempt(r, attempt);
        }
    }

    /** The attempt failed without touching the object: try again after a backoff, or give up when none is left. */
    protected final void retry(ForwardTarget.Remote target, String problem) {
        String what = "node " + target.nodeId() + " at " + target.address() + " " + problem;
        LOG.debug("forwarding {} {}, attempt {} of {}: {}", req.method(), req.path(), attempt + 1,
                options.maxAttempts(), what);
        if (attempt + 1 >= options.maxAttempts()) {
            moving("gave up after " + options.maxAttempts() + " attempts; last: " + what);
            return;
        }
        long delay = options.backoff(attempt, ThreadLocalRandom.current().nextDouble()).toMillis();
        attempt++;
        vertx.setTimer(Math.max(1, delay), t -> next());
    }

    /** 503 {@code object_moving}: no owner could take the request; safe for the client to repeat it. */
    protected final void moving(String what) {
        resumeIfUnread();
        HttpErrors.send(req.response(), 503, ForwardHeaders.OBJECT_MOVING, "object " + req.path()
                + " is moving between nodes (" + what + "); retry shortly");
    }

    /** 503 {@code owner_unreachable}: the owner got the request and vanished; it may or may not have run. */
    protected final void unreachable(ForwardTarget.Remote target, String what) {
        resumeIfUnread();
        HttpErrors.send(req.response(), 503, "owner_unreachable", "node " + target.nodeId() + " at "
                + target.address() + " owning " + req.path() + " received the request but " + what
                + "; the outcome is unknown (it may have been applied): check the object's state before repeating it");
    }

    /**
     * A paused request (an upgrade held while connecting) must flow again before it is answered; a
     * body already read must not be resumed (HTTP/2 throws, and the answer would never be sent).
     */
    private void resumeIfUnread() {
        if (!req.isEnded()) {
            try {
                req.resume();
            } catch (IllegalStateException e) {
                // Read meanwhile: nothing to resume.
            }
        }
    }

    static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
