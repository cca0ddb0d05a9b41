package io.cairn.relay.store;

/**
 * A failed object-store call. Callers branch on two questions only: was the key absent
 * ({@link #notFound()}), and may the same call succeed later ({@link #retryable()}: the store
 * was unreachable, timed out or answered 5xx / SlowDown).
 */
public final class ObjectStoreException extends RuntimeException {

    private final boolean notFound;
    private final boolean retryable;

    private ObjectStoreException(String message, Throwable cause, boolean notFound, boolean retryable) {
        super(message, cause);
        this.notFound = notFound;
        this.retryable = retryable;
    }

    /** No object has that key (or the bucket itself is missing). Not retryable. */
    public static ObjectStoreException notFound(String message, Throwable cause) {
        return new ObjectStoreException(message, cause, true, false);
    }

    /** A transient failure: the same request may succeed later. */
    public static ObjectStoreException retryable(String message, Throwable cause) {
        return new ObjectStoreException(message, cause, false, true);
    }

    /** A failure that repeating the request will not fix (credentials, permissions, bad request). */
    public static ObjectStoreException permanent(String message, Throwable cause) {
        return new ObjectStoreException(message, cause, false, false);
    }

    /** Whether the key (or bucket) did not exist. */
    public boolean notFound() {
        return notFound;
    }

    /** Whether the store was unreachable, slow or failing on its side, so retrying makes sense. */
    public boolean retryable() {
        return retryable;
    }
}
