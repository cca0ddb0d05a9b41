package io.cairn.relay.store;

import io.minio.errors.ErrorResponseException;
import io.minio.errors.InsufficientDataException;
import io.minio.errors.InvalidResponseException;
import io.minio.errors.ServerException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Set;

/** Maps MinIO client failures onto the two questions callers ask: absent? worth retrying? */
final class MinioErrors {

    /** S3 error codes that mean "the key (or bucket) is not there". */
    private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NoSuchObject", "NoSuchBucket", "ResourceNotFound");

    /** S3 error codes that a later attempt may not hit (throttling, server trouble). */
    private static final Set<String> TRANSIENT = Set.of("SlowDown", "InternalError", "ServiceUnavailable",
            "RequestTimeout", "RequestTimeTooSkewed", "OperationAborted", "XMinioServerNotInitialized");

    private MinioErrors() {
    }

    /** Whether this failure is an S3 "no such key/bucket" answer. */
    static boolean isNotFound(Exception e) {
        return e instanceof ErrorResponseException ere && NOT_FOUND.contains(ere.errorResponse().code());
    }

    /** Whether this failure is an S3 "no such bucket" answer. */
    static boolean isNoSuchBucket(Exception e) {
        return e instanceof ErrorResponseException ere && "NoSuchBucket".equals(ere.errorResponse().code());
    }

    /**
     * Wraps {@code e} with a message naming the operation, key and endpoint.
     *
     * @param what e.g. {@code "PUT s3://bucket/key"}
     */
    static ObjectStoreException map(String what, String endpoint, Exception e) {
        String message = "S3 " + what + " at " + endpoint + " failed: " + describe(e);
        if (isNotFound(e)) {
            return ObjectStoreException.notFound(message, e);
        }
        if (e instanceof InterruptedIOException && Thread.currentThread().isInterrupted()) {
            return ObjectStoreException.retryable(message + " (interrupted)", e);
        }
        return retryable(e)
                ? ObjectStoreException.retryable(message, e)
                : ObjectStoreException.permanent(message, e);
    }

    private static boolean retryable(Exception e) {
        if (e instanceof ErrorResponseException ere) {
            int status = ere.response() == null ? 0 : ere.response().code();
            return status >= 500 || status == 429 || TRANSIENT.contains(ere.errorResponse().code());
        }
        // Connection refused/reset, timeouts, truncated bodies, non-XML answers from a proxy in
        // front of a restarting store: all are the store (or the path to it) being unwell.
        return e instanceof IOException
                || e instanceof ServerException
                || e instanceof InsufficientDataException
                || e instanceof InvalidResponseException;
    }

    private static String describe(Exception e) {
        if (e instanceof ErrorResponseException ere) {
            int status = ere.response() == null ? 0 : ere.response().code();
            return "HTTP " + status + " " + ere.errorResponse().code() + ": " + ere.errorResponse().message();
        }
        if (e instanceof ServerException se) {
            return "HTTP " + se.statusCode() + ": " + se.getMessage();
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
