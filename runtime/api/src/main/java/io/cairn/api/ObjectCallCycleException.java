package io.cairn.api;

import java.util.List;

/** A call would re-enter an object that is already waiting in the same call chain (A → B → A). */
public class ObjectCallCycleException extends ObjectCallException {

    private final List<ObjectId> chain;

    public ObjectCallCycleException(ObjectId target, List<ObjectId> chain) {
        super(target, "call to " + target + " would re-enter the call chain " + chain
                + ": an object waiting on a call cannot take another event; restructure the calls or use an alarm");
        this.chain = List.copyOf(chain);
    }

    /** The objects already waiting, outermost first. */
    public List<ObjectId> chain() {
        return chain;
    }
}
