package io.cairn.router.ownership;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import io.cairn.api.ObjectId;
import java.io.Serializable;

/** Sent to a new owner of an object that has an alarm: open it so the alarm is scheduled there. */
final class WakeRequest implements Runnable, Serializable, HazelcastInstanceAware {

    private final String namespace;
    private final String name;
    private transient HazelcastInstance hz;

    WakeRequest(String namespace, String name) {
        this.namespace = namespace;
        this.name = name;
    }

    @Override
    public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
        this.hz = hazelcastInstance;
    }

    @Override
    public void run() {
        Object handoff = hz.getUserContext().get(Handoff.CONTEXT_KEY);
        if (handoff instanceof Handoff h) {
            h.wakeLocal(new ObjectId(namespace, name));
        }
    }
}
