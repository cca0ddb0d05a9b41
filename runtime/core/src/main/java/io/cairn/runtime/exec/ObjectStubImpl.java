package io.cairn.runtime.exec;

import io.cairn.api.ObjectCallCycleException;
import io.cairn.api.ObjectCallException;
import io.cairn.api.ObjectId;
import io.cairn.api.ObjectStub;
import io.cairn.api.Request;
import io.cairn.api.Response;
import java.util.concurrent.CompletionException;

/** Calls another object from inside a handler, blocking the handler's (virtual) thread. */
final class ObjectStubImpl implements ObjectStub {

    private final ObjectActor caller;
    private final ObjectId target;

    ObjectStubImpl(ObjectActor caller, ObjectId target) {
        this.caller = caller;
        this.target = target;
    }

    @Override
    public ObjectId id() {
        return target;
    }

    @Override
    public Response fetch(Request request) {
        EventScope scope = EventScope.current();
        if (scope == null || scope.actor != caller) {
            throw new IllegalStateException("stubs may only be used from the calling object's handlers or constructor");
        }
        CallChain chain = scope.chain.then(caller.id);
        if (chain.contains(target)) {
            throw new ObjectCallCycleException(target, chain.waiting());
        }
        try {
            return caller.host.dispatcher().dispatch(target, request, chain).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof ObjectFailure f) {
                return switch (f.kind()) {
                    case OBJECT_THREW, ACTIVATION_FAILED, STORAGE_FAILED, NOT_DURABLE, STORAGE_UNAVAILABLE, SHUTTING_DOWN, MOVED, CALL_CYCLE ->
                            ErrorBodies.response(f.kind().status, f.kind().code, f.getMessage());
                    case UNKNOWN_NAMESPACE -> throw new ObjectCallException(target, f.getMessage(), f);
                };
            }
            throw new ObjectCallException(target, "call to " + target + " failed: " + ObjectFailure.describe(cause), cause);
        }
    }
}
