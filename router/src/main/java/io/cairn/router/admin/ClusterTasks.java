package io.cairn.router.admin;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** The admin questions one member asks the others, run there against their {@link NodeStats.LocalNodeInfo}. */
final class ClusterTasks {

    static final String CONTEXT_KEY = "cairn.node-info";

    private ClusterTasks() {
    }

    private abstract static class OnMember<T> implements Callable<T>, Serializable, HazelcastInstanceAware {
        private transient HazelcastInstance hz;

        @Override
        public void setHazelcastInstance(HazelcastInstance hazelcastInstance) {
            this.hz = hazelcastInstance;
        }

        NodeStats.LocalNodeInfo info() {
            Object o = hz.getUserContext().get(CONTEXT_KEY);
            if (!(o instanceof NodeStats.LocalNodeInfo info)) {
                throw new IllegalStateException("this member is not serving Cairn objects yet");
            }
            return info;
        }
    }

    static final class Stats extends OnMember<NodeStats> {
        @Override
        public NodeStats call() {
            return info().stats();
        }
    }

    static final class ListObjects extends OnMember<ArrayList<String>> {
        private final String namespace;
        private final String prefix;
        private final String after;
        private final int limit;

        ListObjects(String namespace, String prefix, String after, int limit) {
            this.namespace = namespace;
            this.prefix = prefix;
            this.after = after;
            this.limit = limit;
        }

        @Override
        public ArrayList<String> call() {
            List<String> names = info().listObjects(namespace, prefix, after, limit);
            return new ArrayList<>(names);
        }
    }
}
