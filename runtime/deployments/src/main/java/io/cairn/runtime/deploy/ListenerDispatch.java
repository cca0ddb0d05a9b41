package io.cairn.runtime.deploy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Delivers deployment events to listeners in commit order. Events are queued under the store's
 * deploy lock (which fixes their order) and delivered after it is released (so listeners may
 * call back into the store). Whichever deploying thread holds the dispatch lock delivers
 * everything queued, and every deploy takes that lock before returning, so a deploy's own event
 * has been delivered by the time it returns.
 */
final class ListenerDispatch {

    private static final Logger log = LoggerFactory.getLogger(ListenerDispatch.class);

    private final List<DeploymentListener> listeners = new CopyOnWriteArrayList<>();
    private final Queue<Deployment> pending = new ConcurrentLinkedQueue<>();
    private final ReentrantLock dispatchLock = new ReentrantLock();

    void add(DeploymentListener l) {
        listeners.add(Objects.requireNonNull(l, "listener"));
    }

    void remove(DeploymentListener l) {
        listeners.remove(l);
    }

    /** Called under the deploy lock, right after the deployment became visible. */
    void enqueue(Deployment d) {
        pending.add(d);
    }

    /** Called without the deploy lock. */
    void deliver() {
        dispatchLock.lock();
        try {
            for (Deployment d = pending.poll(); d != null; d = pending.poll()) {
                for (DeploymentListener l : listeners) {
                    try {
                        l.namespacesChanged(d, d.namespaces().keySet());
                    } catch (RuntimeException e) {
                        // The deployment is committed; one failing listener must not hide it from the others.
                        log.error("Deployment listener {} failed on {}", l, d.id(), e);
                    }
                }
            }
        } finally {
            dispatchLock.unlock();
        }
    }
}
