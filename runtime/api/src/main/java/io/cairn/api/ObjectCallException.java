package io.cairn.api;

/** A call through an {@link ObjectStub} could not be delivered (unknown namespace, bad name, node error). */
public class ObjectCallException extends CairnException {

    private final ObjectId target;

    public ObjectCallException(ObjectId target, String message) {
        super(message);
        this.target = target;
    }

    public ObjectCallException(ObjectId target, String message, Throwable cause) {
        super(message, cause);
        this.target = target;
    }

    /** The object that was called (null when the name itself was invalid). */
    public ObjectId target() {
        return target;
    }
}
