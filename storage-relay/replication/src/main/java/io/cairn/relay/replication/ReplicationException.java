package io.cairn.relay.replication;

/** Base of the typed failures of replication; each subclass carries the data a caller routes on. */
public abstract class ReplicationException extends RuntimeException {

    private final String objectKey;

    protected ReplicationException(String objectKey, String message) {
        super(message);
        this.objectKey = objectKey;
    }

    public String objectKey() {
        return objectKey;
    }
}
