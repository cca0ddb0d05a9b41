package io.cairn.router.membership;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's view of the cluster: the Hazelcast members that are alive, joined with the
 * directory ({@code cairn-members}) where each node publishes its HTTP address once it listens.
 * A node is eligible to own objects only once it is in both and not leaving, so a joining node
 * takes objects only when it can serve them.
 *
 * <p>Thread safety: {@link #view()} may be called from any thread (it returns an immutable
 * snapshot). Listeners run on Hazelcast event threads and must not block.
 */
public final class Membership implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
    static final String DIRECTORY = "cairn-members";

    private final HazelcastInstance hz;
    private final String nodeId;
    private final IMap<String, MemberInfo> directory;
    private final List<Consumer<ClusterView>> listeners = new CopyOnWriteArrayList<>();
    private volatile ClusterView view;
    private volatile boolean leaving;

    public Membership(HazelcastInstance hz, String nodeId) {
        this.hz = hz;
        this.nodeId = nodeId;
        this.directory = hz.getMap(DIRECTORY);
        this.view = new ClusterView(nodeId, List.of(), List.of());
        hz.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(MembershipEvent e) {
                refresh();
            }

            @Override
            public void memberRemoved(MembershipEvent e) {
                LOG.info("member {} left the cluster", nodeOf(e.getMember()));
                refresh();
            }
        });
        directory.addEntryListener((EntryAddedListener<String, MemberInfo>) this::changed, false);
        directory.addEntryListener((EntryUpdatedListener<String, MemberInfo>) this::changed, false);
        directory.addEntryListener((EntryRemovedListener<String, MemberInfo>) this::changed, false);
        refresh();
    }

    private void changed(EntryEvent<String, MemberInfo> e) {
        refresh();
    }

    /** Publishes this node's HTTP address: from now on it may own objects. */
    public void publish(String httpAddress, String replicationAddress) {
        Member local = hz.getCluster().getLocalMember();
        String clusterAddress = local.getAddress().getHost() + ":" + local.getAddress().getPort();
        directory.set(nodeId, new MemberInfo(nodeId, httpAddress, clusterAddress, local.getUuid(), leaving, replicationAddress));
        refresh();
    }

    /** Announces a graceful departure: this node stops owning objects at once, everywhere. */
    public void markLeaving() {
        leaving = true;
        MemberInfo me = directory.get(nodeId);
        if (me != null) {
            directory.set(nodeId, me.asLeaving());
        }
        refresh();
    }

    public boolean isLeaving() {
        return leaving;
    }

    public ClusterView view() {
        return view;
    }

    public String nodeId() {
        return nodeId;
    }

    public HazelcastInstance hazelcast() {
        return hz;
    }

    /** Called with every new view (after the change); must not block. */
    public void onChange(Consumer<ClusterView> listener) {
        listeners.add(listener);
    }

    /** Recomputes the view from the live member list and the directory. */
    public synchronized void refresh() {
        if (!hz.getLifecycleService().isRunning()) {
            return;
        }
        Set<UUID> alive;
        try {
            alive = hz.getCluster().getMembers().stream().map(Member::getUuid).collect(Collectors.toSet());
        } catch (RuntimeException e) {
            return;
        }
        List<MemberInfo> all = new ArrayList<>();
        try {
            for (MemberInfo m : directory.values()) {
                if (alive.contains(m.memberUuid())) {
                    all.add(m.nodeId().equals(nodeId) && leaving ? m.asLeaving() : m);
                }
            }
        } catch (RuntimeException e) {
            return;   // the member is shutting down
        }
        all.sort(Comparator.comparing(MemberInfo::nodeId));
        List<MemberInfo> owners = all.stream().filter(m -> !m.leaving()).toList();
        ClusterView next = new ClusterView(nodeId, owners, all);
        if (next.equals(view)) {
            return;
        }
        view = next;
        LOG.info("cluster view: owners {}", owners.stream().map(MemberInfo::nodeId).toList());
        for (Consumer<ClusterView> l : listeners) {
            try {
                l.accept(next);
            } catch (RuntimeException e) {
                LOG.error("a cluster view listener failed", e);
            }
        }
    }

    private static String nodeOf(Member m) {
        String n = m.getAttribute(HazelcastConfigs.NODE_ATTRIBUTE);
        return n == null ? m.getUuid().toString() : n;
    }

    @Override
    public void close() {
        try {
            if (hz.getLifecycleService().isRunning()) {
                directory.delete(nodeId);
            }
        } catch (RuntimeException e) {
            LOG.debug("could not remove this node from the directory", e);
        }
    }
}
