package io.cairn.router.ownership;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import io.cairn.api.ObjectId;
import java.io.Serializable;
import java.util.concurrent.Callable;

/** Sent by a new owner to the holder of an object: "hand it over". Runs on the holder, answers an {@link Handoff.Outcome} name. */
final class ReleaseRequest implements Callable<String>, Serializable, HazelcastInstanceAware {

    private final String namespace;
    private final String name;
    private transient HazelcastInstance hz;

    ReleaseRequest(String namespace, String name) {
        this.namespace = namespace;
        this.name = name;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.hz = hazelcastInstance;
    }

    @Override
    public String call() {
        Handoff handoff = (Handoff) hz.getUserContext().get(Handoff.CONTEXT_KEY);
        if (handoff == null) {
            return Handoff.Outcome.UNREACHABLE.name();
        }
        return handoff.release(new ObjectId(namespace, name)).name();
    }
}
