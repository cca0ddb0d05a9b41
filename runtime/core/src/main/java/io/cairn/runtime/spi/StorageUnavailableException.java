package io.cairn.runtime.spi;

/** Storage an object needs cannot be reached right now; the request may be retried (503). */
public class StorageUnavailableException extends RuntimeException {

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
