package io.cairn.runtime.spi;

import io.cairn.api.ObjectId;
import io.cairn.runtime.sqlite.ObjectDatabase;
import io.cairn.runtime.sqlite.SqliteOptions;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Follows each object's database through its life. Every method is called on the object's own
 * thread, between events, never concurrently for one object; a method may block (file and
 * network I/O) but holds up only that object.
 *
 * <p>A throw from {@link #beforeOpen} or {@link #opened} fails the activation (a
 * {@link StorageUnavailableException} becomes 503, anything else 500). A throw from
 * {@link #committed} means the commit cannot be made safe: its outputs are never released and
 * the object restarts.
 */
public interface ObjectStorageHooks {

    ObjectStorageHooks NONE = new ObjectStorageHooks() {
    };

    /** SQLite settings the hooks need (e.g. automatic checkpoints off). */
    default SqliteOptions adjust(SqliteOptions options) {
        return options;
    }

    /** Before the database file is opened; may create it (disaster recovery). */
    default void beforeOpen(ObjectId id, Path dbFile) {
    }

    /** After the database is opened, before the object's constructor runs. */
    default void opened(ObjectId id, ObjectDatabase db) {
    }

    /**
     * Before an event that wrote is committed: throw {@link StorageUnavailableException} when the
     * commit could not be made durable now (e.g. too few replicas reachable). The event is then
     * rolled back and answered 503; the object stays live and goes on serving reads.
     */
    default void beforeCommit(ObjectId id) {
    }

    /**
     * After a commit that wrote, before it goes to the output gate.
     *
     * @return the bookmark of the committed state, or null when bookmarks are not kept
     */
    default String committed(ObjectId id, ObjectDatabase db, Instant committedAt) {
        return null;
    }

    /** Before the database is closed (eviction, redeploy, shutdown, exclusive task). */
    default void closing(ObjectId id, ObjectDatabase db) {
    }

    /** After the database was closed. */
    default void closed(ObjectId id) {
    }

    /**
     * The object is leaving this node (its database is closed): complete once everything it
     * committed here is where the next owner will find it. Called on the object's thread.
     *
     * @return completes with the bookmark of the last state handed over, or null when bookmarks are not kept
     */
    default java.util.concurrent.CompletableFuture<String> handOff(ObjectId id) {
        return java.util.concurrent.CompletableFuture.completedFuture(null);
    }

    /**
     * Forget this node's copy of the object (its database is closed): another node wrote it
     * since, so the next activation here must start from the shared history, not from this copy.
     */
    default void discardLocal(ObjectId id, Path dbFile) {
        for (String suffix : new String[] {"", "-wal", "-shm", "-journal"}) {
            try {
                java.nio.file.Files.deleteIfExists(Path.of(dbFile + suffix));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot delete the stale copy " + dbFile + suffix + ": " + e.getMessage(), e);
            }
        }
    }
}
