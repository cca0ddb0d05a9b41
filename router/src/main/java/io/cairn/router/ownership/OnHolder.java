package io.cairn.router.ownership;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import io.cairn.api.ObjectId;
import java.io.Serializable;

/**
 * A task one member sends another about one object, run there against that member's
 * {@link Handoff} (found in Hazelcast's user context).
 */
abstract class OnHolder implements Serializable, HazelcastInstanceAware {

    private final String namespace;
    private final String name;
    private transient HazelcastInstance hz;

    OnHolder(ObjectId id) {
        this.namespace = id.namespace();
        this.name = id.name();
    }

    @Override
    public final void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.hz = hazelcastInstance;
    }

    final ObjectId object() {
        return new ObjectId(namespace, name);
    }

    /** This member's hand-over service, or null while it is not serving objects. */
    final Handoff handoff() {
        return hz.getUserContext().get(Handoff.CONTEXT_KEY) instanceof Handoff h ? h : null;
    }
}
