package io.cairn.router.deploy;

import com.hazelcast.map.IMap;
import com.hazelcast.projection.Projection;
import io.cairn.runtime.deploy.Deployment;
import io.cairn.runtime.deploy.DeploymentStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reconciles a starting node's on-disk deployment history with the cluster's log, so the log is
 * the history every node ends up with.
 *
 * <ul>
 *   <li>Empty log (the first node of a fresh or fully restarted cluster): the node publishes its
 *       whole history, so members joining later receive it.</li>
 *   <li>Log and node agree on every version both hold: the node publishes its versions newer than
 *       the log's newest (it deployed while the others were gone).</li>
 *   <li>Same version, different JAR: the histories diverged. The cluster's log wins for new
 *       versions: nothing is published, the node keeps what it has and applies log versions
 *       newer than its own latest; a warning explains this.</li>
 * </ul>
 *
 * <p>Called once per node at start, holding the cluster's deploy lock and the node's apply lock,
 * so no deploy anywhere interleaves with it. Compares hashes only: the JARs stay in the log.
 */
final class HistorySync {

    private static final Logger log = LoggerFactory.getLogger(HistorySync.class);

    private HistorySync() {
    }

    static void reconcile(IMap<Long, DeploymentRecord> records, DeploymentStore store) {
        List<Deployment> local = store.list();
        TreeMap<Long, String> cluster = new TreeMap<>();
        for (VersionSha v : records.project(new ShaOfRecord())) {
            cluster.put(v.version(), v.sha256());
        }
        if (cluster.isEmpty()) {
            if (!local.isEmpty()) {
                log.info("The cluster's deployment log is empty: publishing this node's {} deployments (versions {}..{})",
                        local.size(), local.getFirst().version(), local.getLast().version());
                publish(records, store, local);
            }
            return;
        }
        long clusterMax = cluster.lastKey();
        List<String> conflicts = new ArrayList<>();
        List<Long> notInLog = new ArrayList<>();
        List<Deployment> ahead = new ArrayList<>();
        for (Deployment d : local) {
            String sha = cluster.get(d.version());
            if (sha == null) {
                if (d.version() > clusterMax) {
                    ahead.add(d);
                } else {
                    notInLog.add(d.version());
                }
            } else if (!sha.equals(d.sha256())) {
                conflicts.add("version " + d.version() + ": here " + d.id() + ", in the cluster sha256 " + sha.substring(0, 12));
            }
        }
        if (!conflicts.isEmpty()) {
            log.warn("This node's deployment history diverges from the cluster's log ({}). The cluster's log wins: this node "
                    + "publishes nothing, keeps its own deployments up to version {} and applies only cluster versions above "
                    + "that; redeploy the affected apps to make every node run the same code.",
                    String.join("; ", conflicts), store.lastVersion());
            return;
        }
        if (!notInLog.isEmpty()) {
            log.warn("Versions {} of this node's history are not in the cluster's log; they stay local (a log is only "
                    + "extended at its end)", notInLog);
        }
        if (!ahead.isEmpty()) {
            log.info("This node has deployments the cluster's log lacks: publishing versions {}..{}",
                    ahead.getFirst().version(), ahead.getLast().version());
            publish(records, store, ahead);
        }
    }

    /** Adds {@code deployments} to the log in version order, so others apply them in that order. */
    private static void publish(IMap<Long, DeploymentRecord> records, DeploymentStore store, List<Deployment> deployments) {
        for (Deployment d : deployments) {
            byte[] jar;
            try {
                jar = store.jarBytes(d.version()).orElseThrow();
            } catch (UncheckedIOException e) {
                // Others skip the hole; this node keeps serving what it loaded.
                log.error("Cannot publish deployment {} to the cluster: {}", d.id(), e.getMessage());
                continue;
            }
            DeploymentRecord previous = records.putIfAbsent(d.version(), DeploymentRecord.of(d, jar));
            if (previous != null && !previous.sha256().equals(d.sha256())) {
                log.warn("Deployment version {} was published by another node meanwhile ({}); keeping the cluster's", d.version(),
                        previous);
            }
        }
    }

    /** A log entry's version and hash, without its JAR. */
    record VersionSha(long version, String sha256) implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;
    }

    /** Runs on the members holding the entries, so only hashes cross the network. */
    static final class ShaOfRecord implements Projection<Map.Entry<Long, DeploymentRecord>, VersionSha> {
        @Serial
        private static final long serialVersionUID = 1L;

        @Override
        public VersionSha transform(Map.Entry<Long, DeploymentRecord> entry) {
            return new VersionSha(entry.getKey(), entry.getValue().sha256());
        }
    }
}
