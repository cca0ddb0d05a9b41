package io.cairn.relay.store;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * One bucket of an S3-compatible store. Keys are full keys (any prefix already applied).
 *
 * <p>Every failure is an {@link ObjectStoreException} that says whether it is worth retrying
 * ({@link ObjectStoreException#retryable()}) and whether the key was simply absent
 * ({@link ObjectStoreException#notFound()}). Implementations are thread-safe.
 */
public interface ObjectStore extends AutoCloseable {

    /** Stores {@code data} under {@code key}, replacing what was there. */
    void put(String key, byte[] data);

    /** Stores the file's content under {@code key}, replacing what was there. */
    void put(String key, Path file);

    /** The whole object, or empty when no object has that key. */
    Optional<byte[]> get(String key);

    /**
     * Streams the object; the caller closes the stream.
     *
     * @throws ObjectStoreException with {@code notFound()} when no object has that key
     */
    InputStream open(String key);

    /** Whether an object has that key (one HEAD request). */
    boolean exists(String key);

    /**
     * Every object whose key starts with {@code prefix}, all pages, sorted by key. A LIST costs
     * money and time per 1,000 keys: call it on restore, retention and recovery paths only.
     */
    List<StoredObject> list(String prefix);

    /** Deletes these keys; keys that do not exist are not an error. */
    void delete(Collection<String> keys);

    /** Releases connections and threads. */
    @Override
    void close();
}
