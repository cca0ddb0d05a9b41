package io.cairn.runtime.spi;

/**
 * This node may not activate the object: another node owns it, or ownership is moving. Carries
 * where the object lives now, when known, so callers can retry there (as Ratis'
 * {@code NotLeaderException} carries the suggested leader). Becomes 503 {@code object_moving}
 * with {@code Retry-After}.
 */
public class ObjectMovedException extends RuntimeException {

    private final String ownerNodeId;
    private final String ownerAddress;

    /**
     * @param ownerNodeId  the node that owns the object now, or null while that is undecided
     * @param ownerAddress its HTTP address ({@code host:port}), or null
     */
    public ObjectMovedException(String message, String ownerNodeId, String ownerAddress) {
        super(message, null, false, false);
        this.ownerNodeId = ownerNodeId;
        this.ownerAddress = ownerAddress;
    }

    public String ownerNodeId() {
        return ownerNodeId;
    }

    public String ownerAddress() {
        return ownerAddress;
    }
}
