package io.cairn.router.ownership;

import io.cairn.api.ObjectId;
import java.util.concurrent.Callable;

/** Sent by a new owner to the holder of an object: "hand it over". Runs on the holder, answers an {@link Handoff.Outcome} name. */
final class ReleaseRequest extends OnHolder implements Callable<String> {

    ReleaseRequest(ObjectId id) {
        super(id);
    }

    @Override
    public String call() {
        Handoff handoff = handoff();
        return handoff == null ? Handoff.Outcome.UNREACHABLE.name() : handoff.release(object()).name();
    }
}
