package io.cairn.router.deploy;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.cairn.api.ObjectConfig;
import io.cairn.api.ObjectContext;
import io.cairn.runtime.TestApps;
import io.cairn.runtime.deploy.ConstructorCheck;
import io.cairn.runtime.deploy.DeploymentStore;
import io.cairn.runtime.deploy.LoadedNamespace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Hazelcast members in this JVM, each with its own deployment store and {@link ClusterDeployments}:
 * TCP-IP join on 127.0.0.1, a fresh cluster name and free ports per instance, short heartbeats.
 * {@link #close} terminates every member.
 */
final class ClusterNodes implements AutoCloseable {

    static final long MAX_JAR_BYTES = 1 << 20;

    /** The check the runtime would supply: construct the object against a context that has only its config. */
    static final ConstructorCheck INSTANTIATE = ns -> ns.instantiate(context(ns.config()));

    /** One node: member, store and cluster deployments. */
    record Node(String name, HazelcastInstance member, DeploymentStore store, ClusterDeployments deployments) {
    }

    private final Path root;
    private final String clusterName = "deploy-test-" + UUID.randomUUID();
    private final List<Integer> ports = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<DeploymentStore> stores = new ArrayList<>();

    ClusterNodes(Path root, int plannedMembers) {
        this.root = root;
        for (int i = 0; i < plannedMembers; i++) {
            ports.add(freePort());
        }
    }

    /** Opens (or reopens) the store of node {@code name} without joining; the caller may deploy to it alone. */
    DeploymentStore store(String name) {
        DeploymentStore s = DeploymentStore.open(root.resolve(name), MAX_JAR_BYTES);
        stores.add(s);
        return s;
    }

    /** Starts member number {@code nodes().size()} with a fresh store and its cluster deployments started. */
    Node start(String name) {
        return start(name, store(name), () -> INSTANTIATE);
    }

    /** Starts the next member over {@code store}, checking replicated deployments with {@code check}. */
    Node start(String name, DeploymentStore store, Supplier<ConstructorCheck> check) {
        HazelcastInstance member = Hazelcast.newHazelcastInstance(config(ports.get(nodes.size())));
        ClusterDeployments deployments = new ClusterDeployments(member, store, check);
        Node node = new Node(name, member, store, deployments);
        nodes.add(node);
        deployments.start();
        return node;
    }

    List<Node> nodes() {
        return List.copyOf(nodes);
    }

    private Config config(int port) {
        Config c = new Config();
        c.setClusterName(clusterName);
        c.setInstanceName(clusterName + "-" + port);
        c.setProperty("hazelcast.logging.type", "slf4j");
        c.setProperty("hazelcast.phone.home.enabled", "false");
        c.setProperty("hazelcast.shutdownhook.enabled", "false");
        c.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        c.setProperty("hazelcast.max.no.heartbeat.seconds", "5");
        c.setProperty("hazelcast.wait.seconds.before.join", "0");
        c.setProperty("hazelcast.local.localAddress", "127.0.0.1");
        NetworkConfig network = c.getNetworkConfig();
        network.setPort(port).setPortAutoIncrement(false);
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2)
                .setMembers(ports.stream().map(p -> "127.0.0.1:" + p).toList());
        ClusterDeployments.configure(c);
        return c;
    }

    /** What {@code get()} of a fresh instance of the current binding of {@code ns} on {@code store} answers. */
    @SuppressWarnings("unchecked")
    static String answer(DeploymentStore store, String ns) throws Exception {
        LoadedNamespace loaded = store.namespace(ns).orElseThrow();
        return ((Supplier<String>) loaded.instantiate(context(loaded.config()))).get();
    }

    /** A JAR binding {@code ns} of {@code app} to {@link EchoObject} answering {@code text}. */
    static byte[] echoJar(String app, String ns, String text) {
        return TestApps.jar(app, TestApps.Ns.of(ns, EchoObject.class).with("text", text));
    }

    private static ObjectContext context(ObjectConfig config) {
        return (ObjectContext) Proxy.newProxyInstance(ObjectContext.class.getClassLoader(), new Class<?>[] {ObjectContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "config" -> config;
                    case "toString" -> "ScratchContext";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName() + " in a test context");
                });
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes every cluster deployments and store, and terminates every member. */
    @Override
    public void close() {
        nodes.forEach(n -> n.deployments().close());
        nodes.forEach(n -> n.member().getLifecycleService().terminate());
        stores.forEach(DeploymentStore::close);
    }
}
