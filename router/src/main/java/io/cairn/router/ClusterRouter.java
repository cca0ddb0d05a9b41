package io.cairn.router;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.cairn.api.ObjectId;
import io.cairn.router.admin.ClusterAdmin;
import io.cairn.router.admin.NodeStats;
import io.cairn.router.deploy.ClusterDeployments;
import io.cairn.router.dispatch.ClusterDispatcher;
import io.cairn.router.forward.ForwarderOptions;
import io.cairn.router.forward.HttpForwarder;
import io.cairn.router.membership.HazelcastConfigs;
import io.cairn.router.membership.MemberInfo;
import io.cairn.router.membership.Membership;
import io.cairn.router.ownership.Handoff;
import io.cairn.router.ownership.LocalCopies;
import io.cairn.router.ownership.OwnerRecord;
import io.cairn.router.ownership.Ownership;
import io.cairn.router.ownership.OwnershipTable;
import io.cairn.runtime.NodeOptions;
import io.cairn.runtime.deploy.DeploymentStore;
import io.cairn.runtime.exec.DeploymentDryRun;
import io.cairn.runtime.exec.ObjectHost;
import io.cairn.runtime.http.NodeIdentity;
import io.cairn.runtime.spi.ActivationGuard;
import io.cairn.runtime.spi.Deployer;
import io.cairn.runtime.spi.NodeExtension;
import io.cairn.runtime.spi.ObjectLister;
import io.cairn.runtime.spi.RequestInterceptor;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a node a member of a cluster: membership over Hazelcast, placement of objects on owners
 * by rendezvous hashing, forwarding of requests that reach a node that is not the owner,
 * hand-over of objects on membership changes and deployments carried to every node. Pass it to
 * {@link io.cairn.runtime.CairnNode#start} (after the storage relay: objects move between nodes
 * through object storage).
 */
public final class ClusterRouter implements NodeExtension {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterRouter.class);

    private final ClusterOptions options;
    private NodeOptions nodeOptions;
    private ObjectHost host;
    private String nodeId;
    private HazelcastInstance hz;
    private Membership membership;
    private OwnershipTable table;
    private LocalCopies copies;
    private Handoff handoff;
    private Ownership ownership;
    private ClusterAdmin admin;
    private ClusterDeployments deployments;
    private ClusterDispatcher dispatcher;
    private HttpForwarder forwarder;
    private io.cairn.router.membership.PauseDetector pauses;

    private final io.cairn.relay.StorageRelay relay;
    private volatile io.cairn.router.replication.ReplicationService replication;

    /** A cluster member without peer replication ({@code replicas} must be 0): objects move through object storage. */
    public ClusterRouter(ClusterOptions options) {
        this(options, null);
    }

    /**
     * A cluster member whose objects' commits are held by {@code options.replicas()} peers before
     * their outputs leave; {@code relay} is the node's storage relay (replication follows its capture).
     */
    public ClusterRouter(ClusterOptions options, io.cairn.relay.StorageRelay relay) {
        if (options.replicas() > 0 && relay == null) {
            throw new IllegalArgumentException("--replicas " + options.replicas() + " needs object storage (the storage relay):"
                    + " give the --s3-* settings, or run with --replicas 0 --quorum 0");
        }
        this.options = options;
        this.relay = relay;
    }

    @Override
    public io.cairn.runtime.gate.DurabilityGate durabilityGate(io.cairn.runtime.gate.DurabilityGate local) {
        return options.replicas() > 0 ? new io.cairn.router.replication.ReplicatedGate(local, () -> replication) : null;
    }

    public ClusterOptions options() {
        return options;
    }

    @Override
    public void start(NodeOptions nodeOptions, ObjectHost objectHost, MeterRegistry metrics) {
        this.nodeOptions = nodeOptions;
        this.host = objectHost;
        this.nodeId = NodeIdentity.stableId(nodeOptions.dataDir());
        ClusterOptions effective = options.clusterPort() == 0 ? options.toBuilder().clusterPort(freePort(options.clusterHost())).build() : options;
        if (effective.replicationPort() == -1) {
            effective = effective.toBuilder().replicationPort(effective.clusterPort() + 1).build();
        }
        Config config = HazelcastConfigs.memberConfig(effective, nodeId);
        ClusterDeployments.configure(config);
        try {
            this.hz = Hazelcast.newHazelcastInstance(config);
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot join the cluster on " + effective.clusterHost() + ":" + effective.clusterPort()
                    + " (seeds " + effective.seeds() + "): " + e.getMessage() + " (is the port free? pick another --cluster-port)", e);
        }
        this.membership = new Membership(hz, nodeId);
        this.table = new OwnershipTable(hz);
        this.copies = new LocalCopies(nodeOptions.dataDir());
        if (options.replicas() > 0) {
            this.replication = new io.cairn.router.replication.ReplicationService(effective, nodeOptions.dataDir(), relay);
            replication.onReadOnlyWrite(host::evict);
            replication.metrics(metrics);
            replication.memberAlive(address -> membership.view().all().stream().anyMatch(m -> address.equals(m.replicationAddress())));
            Gauge.builder("cairn_replication_objects", replication, r -> r.replicatingObjects()).register(metrics);
            Gauge.builder("cairn_replication_max_lag_commits", replication, r -> r.maxLagCommits()).register(metrics);
        }
        this.handoff = new Handoff(membership, table, copies, host, options.handoffTimeout(), options.replicas() > 0);
        // A freeze shorter than the member timeout cannot have got this node removed: only longer ones count.
        this.pauses = new io.cairn.router.membership.PauseDetector(options.memberTimeout().multipliedBy(4).dividedBy(5),
                options.memberTimeout().multipliedBy(2), () -> host.activeIds().forEach(host::evict));
        this.ownership = new Ownership(membership, table, copies, host, handoff, options.handoffTimeout(), replication,
                options.replicas(), pauses::suspect);
        this.admin = new ClusterAdmin(membership, options, new LocalInfo());
        membership.onChange(view -> handoff.rebalanceSoon());
        Gauge.builder("cairn_cluster_members", membership, m -> m.view().all().size()).register(metrics);
        Gauge.builder("cairn_cluster_local_copies", copies, c -> c.all().size()).register(metrics);
        LOG.info("{} joined cluster '{}' on {}:{} ({} Hazelcast members)", nodeId, options.clusterName(),
                effective.clusterHost(), effective.clusterPort(), hz.getCluster().getMembers().size());
    }

    private static int freePort(String host) {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(host))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free cluster port on " + host, e);
        }
    }

    @Override
    public ActivationGuard activationGuard() {
        return ownership;
    }

    @Override
    public Deployer deployer(DeploymentStore store) {
        deployments = new ClusterDeployments(hz, store, () -> new DeploymentDryRun(host));
        deployments.start();
        return deployments;
    }

    @Override
    public RequestInterceptor requestInterceptor(Vertx vertx) {
        forwarder = new HttpForwarder(vertx, ForwarderOptions.builder(nodeId).maxBodyBytes(nodeOptions.maxBodyBytes()).build());
        dispatcher = new ClusterDispatcher(host, ownership, nodeId, vertx);
        host.setDispatcher(dispatcher);
        return new RouterInterceptor(ownership, nodeId, forwarder);
    }

    @Override
    public void listening(String httpAddress) {
        membership.publish(httpAddress, replication == null ? null : replication.address());
    }

    @Override
    public ObjectLister objectLister() {
        return admin::listObjects;
    }

    @Override
    public Map<String, Object> clusterView() {
        return admin.view();
    }

    @Override
    public Map<String, Object> describeObject(ObjectId id) {
        Map<String, Object> m = new LinkedHashMap<>();
        ownership.owner(id).ifPresent(o -> m.put("owner", Map.of("id", o.nodeId(), "address", o.httpAddress())));
        table.get(id).ifPresent(r -> m.put("ownership", Map.of("holder", r.nodeId(), "epoch", r.epoch(), "released", r.released())));
        if (replication != null) {
            m.put("replicas", replication.status(id).stream().map(s -> {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("address", s.address().toString());
                r.put("state", s.state().name());
                r.put("position", s.matchTxid() < 0 ? null : io.cairn.relay.capture.Bookmarks.format(s.matchTxid()));
                r.put("lagCommits", s.lagCommits());
                return r;
            }).toList());
        } else {
            m.put("replicas", List.of());
        }
        return m;
    }

    /** What this node holds as a replica of {@code id}, if it is one of its replicas. */
    public java.util.Optional<io.cairn.relay.replication.ReplicaStore.ReplicaView> replicaView(ObjectId id) {
        return replication == null ? java.util.Optional.empty() : replication.replicaView(id);
    }

    /** The node this router runs in, as the cluster knows it. */
    public String nodeId() {
        return nodeId;
    }

    /** Members and owners as this node sees them now (tests, admin). */
    public List<MemberInfo> owners() {
        return membership.view().owners();
    }

    /** Who holds {@code id} according to the cluster's records. */
    public java.util.Optional<OwnerRecord> record(ObjectId id) {
        return table.get(id);
    }

    /** The owner of {@code id} by placement in this node's current view. */
    public java.util.Optional<MemberInfo> ownerOf(ObjectId id) {
        return ownership.owner(id);
    }

    @Override
    public void prepareShutdown() {
        if (membership == null) {
            return;
        }
        membership.markLeaving();
        int moved = handoff.releaseMoved();
        LOG.info("{} is leaving the cluster: handed over {} objects", nodeId, moved);
    }

    @Override
    public void close() {
        closeQuietly(pauses);
        closeQuietly(forwarder);
        if (dispatcher != null) {
            dispatcher.close();
        }
        closeQuietly(handoff);
        closeQuietly(replication);
        closeQuietly(deployments);
        closeQuietly(membership);
        closeQuietly(copies);
        if (hz != null) {
            try {
                hz.shutdown();
            } catch (RuntimeException e) {
                LOG.debug("Hazelcast shutdown failed", e);
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.debug("closing {} failed", c.getClass().getSimpleName(), e);
        }
    }

    private final class LocalInfo implements NodeStats.LocalNodeInfo {
        @Override
        public NodeStats stats() {
            return new NodeStats(nodeId, host.liveCount(), host.hub().count(), copies.all().size(),
                    host.catalog().objectCountsByNamespace(), replication == null ? 0 : replication.replicatingObjects(),
                    replication == null ? 0 : replication.maxLagCommits());
        }

        @Override
        public List<String> listObjects(String namespace, String prefix, String after, int limit) {
            return host.catalog().listObjects(namespace, prefix, after, limit);
        }
    }
}
