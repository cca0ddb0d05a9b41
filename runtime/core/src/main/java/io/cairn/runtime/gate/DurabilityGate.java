package io.cairn.runtime.gate;

import io.cairn.api.ObjectId;
import java.util.concurrent.CompletableFuture;

/**
 * Decides when a commit is durable.
 *
 * <p><b>Contract.</b> {@link #submit} is called by the object's executor right after the commit
 * returned, in commit order, never concurrently for the same object. The returned future
 * completes (on any thread) once the commit and every earlier commit of that object are durable,
 * or completes exceptionally if durability cannot be reached; futures of one object complete in
 * submission order. Implementations must not block the caller. {@link #release} is called when
 * the object is evicted, after its last commit's future completed.
 */
public interface DurabilityGate extends AutoCloseable {

    CompletableFuture<Void> submit(CommitTicket ticket);

    /** Frees per-object resources (open WAL handles); a later submit for the object re-acquires them. */
    void release(ObjectId object);

    @Override
    void close();
}
