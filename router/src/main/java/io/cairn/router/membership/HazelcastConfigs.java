package io.cairn.router.membership;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import com.hazelcast.config.NetworkConfig;
import io.cairn.router.ClusterOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/** The Hazelcast member configuration of a Cairn node: explicit join, quick failure detection, no phoning home. */
public final class HazelcastConfigs {

    /** The member attribute naming the Cairn node a Hazelcast member runs. */
    public static final String NODE_ATTRIBUTE = "cairn.node";

    private HazelcastConfigs() {
    }

    public static Config memberConfig(ClusterOptions options, String nodeId) {
        Config c = new Config();
        c.setClusterName(options.clusterName());
        c.setInstanceName("cairn-" + nodeId + "-" + Long.toHexString(System.nanoTime()));
        c.setUserContext(new ConcurrentHashMap<>());
        c.setProperty("hazelcast.logging.type", "slf4j");
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.shutdownhook.enabled", "false");
        // A hung member (not only a closed socket) must be declared dead in seconds, not the default 60 s.
        c.setProperty("hazelcast.heartbeat.interval.seconds", String.valueOf(Math.max(1, options.heartbeatInterval().toSeconds())));
        c.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(Math.max(2, options.memberTimeout().toSeconds())));
        c.setProperty("hazelcast.operation.call.timeout.millis", String.valueOf(Math.max(5000, 2 * options.memberTimeout().toMillis())));
        // A member whose connections are refused (its process is gone) is dropped after two faults
        // 50 ms apart rather than three 100 ms apart: failover starts sooner after a crash.
        c.setProperty("hazelcast.connection.monitor.interval", "50");
        c.setProperty("hazelcast.connection.monitor.max.faults", "2");
        c.setProperty("hazelcast.wait.seconds.before.join", "1");
        c.setProperty("hazelcast.max.wait.seconds.before.join", "3");
        c.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        c.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        c.setProperty("hazelcast.local.localAddress", options.clusterHost());
        c.getMemberAttributeConfig().setAttribute(NODE_ATTRIBUTE, nodeId);

        NetworkConfig network = c.getNetworkConfig();
        network.setPort(options.clusterPort()).setPortAutoIncrement(false);
        network.setPublicAddress(options.clusterHost() + ":" + options.clusterPort());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (options.kubernetes() != null) {
            join.getKubernetesConfig().setEnabled(true)
                    .setProperty("service-name", options.kubernetes().serviceName());
            if (options.kubernetes().namespace() != null) {
                join.getKubernetesConfig().setProperty("namespace", options.kubernetes().namespace());
            }
        } else {
            List<String> members = new ArrayList<>(options.seeds());
            members.add(options.clusterHost() + ":" + options.clusterPort());
            join.getTcpIpConfig().setEnabled(true).setMembers(members.stream().distinct().toList())
                    .setConnectionTimeoutSeconds(2);
        }
        // Ownership records and the member directory survive the loss of two members.
        c.addMapConfig(new MapConfig("cairn-*").setBackupCount(2).setAsyncBackupCount(0));
        return c;
    }
}
