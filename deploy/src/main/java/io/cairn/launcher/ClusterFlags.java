package io.cairn.launcher;

import io.cairn.router.ClusterOptions;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cairn node}'s cluster flags, each also an environment variable. Members find each other
 * through {@code --seeds} (TCP) or through the Kubernetes API ({@code --kubernetes-service}); a
 * node with neither forms a cluster of one that others may join through it.
 */
final class ClusterFlags {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--cluster-port", paramLabel = "PORT", defaultValue = "${env:CAIRN_CLUSTER_PORT:-5701}",
            description = "Member port other nodes connect to (env CAIRN_CLUSTER_PORT; default ${DEFAULT-VALUE}; 0 picks a free one).")
    int clusterPort;

    @Option(names = "--cluster-host", paramLabel = "ADDRESS", defaultValue = "${env:CAIRN_CLUSTER_HOST}",
            description = "The address other members reach this node on (env CAIRN_CLUSTER_HOST; default: --host)."
                    + " Required with --host 0.0.0.0 in a cluster of several nodes.")
    String clusterHost;

    @Option(names = "--seeds", paramLabel = "HOST:PORT", split = ",", defaultValue = "${env:CAIRN_SEEDS}",
            description = "Members to join through, comma-separated; may include this node (env CAIRN_SEEDS;"
                    + " default: none, a cluster of one). Needs the --s3-* settings.")
    List<String> seeds;

    @Option(names = "--cluster-name", paramLabel = "NAME", defaultValue = "${env:CAIRN_CLUSTER_NAME:-cairn}",
            description = "Nodes join only a cluster of the same name (env CAIRN_CLUSTER_NAME; default ${DEFAULT-VALUE}).")
    String clusterName;

    @Option(names = "--replicas", paramLabel = "N", defaultValue = "${env:CAIRN_REPLICAS}",
            description = "Peer replicas per object (env CAIRN_REPLICAS; default " + ClusterOptions.DEFAULT_REPLICAS
                    + " for a member of a cluster of several nodes, which has the --s3-* settings; 0 for a cluster of one).")
    Integer replicas;

    @Option(names = "--quorum", paramLabel = "N", defaultValue = "${env:CAIRN_QUORUM}",
            description = "Replicas that must hold a write before its response leaves: a majority of --replicas"
                    + " (env CAIRN_QUORUM; default the smallest majority: " + ClusterOptions.DEFAULT_QUORUM + " of "
                    + ClusterOptions.DEFAULT_REPLICAS + ").")
    Integer quorum;

    @Option(names = "--kubernetes-service", paramLabel = "NAME", defaultValue = "${env:CAIRN_KUBERNETES_SERVICE}",
            description = "Find members through the Kubernetes API: the pods behind this (headless) service"
                    + " (env CAIRN_KUBERNETES_SERVICE; instead of --seeds).")
    String kubernetesService;

    @Option(names = "--kubernetes-namespace", paramLabel = "NS", defaultValue = "${env:CAIRN_KUBERNETES_NAMESPACE}",
            description = "Namespace of --kubernetes-service (env CAIRN_KUBERNETES_NAMESPACE; default: the pod's own).")
    String kubernetesNamespace;

    /** The seeds given, stripped, without empty entries ({@code CAIRN_SEEDS=""} means none). */
    List<String> seedList() {
        List<String> out = new ArrayList<>();
        if (seeds != null) {
            for (String s : seeds) {
                if (s != null && !s.isBlank()) {
                    out.add(s.strip());
                }
            }
        }
        return out;
    }

    /** Whether other members can join: seeds or Kubernetes discovery, i.e. possibly more than one node. */
    boolean multiNode() {
        return !seedList().isEmpty() || present(kubernetesService);
    }

    /**
     * The cluster settings for a node listening on {@code host}.
     *
     * @param objectStorage whether the node has the --s3-* settings: a cluster of several nodes needs them
     * @throws ParameterException (exit 2) naming the flag and variable at fault
     */
    ClusterOptions resolve(String host, int httpPort, boolean objectStorage) {
        Ports.check(mixee, "--cluster-port", clusterPort);
        if (clusterPort != 0 && clusterPort == httpPort && (!present(clusterHost) || clusterHost.strip().equals(host))) {
            throw usage("--cluster-port and --http-port are both " + clusterPort + ": give them different ports");
        }
        if (present(kubernetesNamespace) && !present(kubernetesService)) {
            throw usage("--kubernetes-namespace (CAIRN_KUBERNETES_NAMESPACE) needs --kubernetes-service"
                    + " (CAIRN_KUBERNETES_SERVICE), the service whose pods are the members");
        }
        if (present(kubernetesService) && !seedList().isEmpty()) {
            throw usage("give either --seeds (CAIRN_SEEDS) or --kubernetes-service (CAIRN_KUBERNETES_SERVICE), not both:"
                    + " members are found one way");
        }
        if (multiNode() && !objectStorage) {
            throw usage("a cluster of several nodes needs object storage: objects move between nodes through the S3 bucket"
                    + " (until peer replication lands); give every node the same --s3-endpoint, --s3-bucket, --s3-access-key"
                    + " and --s3-secret-key (or CAIRN_S3_*), or drop " + (present(kubernetesService)
                            ? "--kubernetes-service" : "--seeds") + " to run a cluster of one");
        }
        String advertised = present(clusterHost) ? clusterHost.strip() : host;
        if (isWildcard(advertised)) {
            if (multiNode()) {
                throw usage("--host " + host + " listens on every interface, which is no address other members can reach:"
                        + " give --cluster-host (CAIRN_CLUSTER_HOST), e.g. this machine's IP address or the pod IP");
            }
            advertised = "127.0.0.1";
        }
        try {
            return ClusterOptions.builder()
                    .clusterHost(advertised)
                    .clusterPort(clusterPort)
                    .seeds(seedList())
                    .clusterName(present(clusterName) ? clusterName.strip() : "cairn")
                    .replicas(effectiveReplicas(objectStorage))
                    .quorum(quorum != null ? quorum : majority(effectiveReplicas(objectStorage)))
                    .kubernetes(present(kubernetesService) ? new ClusterOptions.KubernetesDiscovery(
                            present(kubernetesNamespace) ? kubernetesNamespace.strip() : null, kubernetesService.strip()) : null)
                    .build();
        } catch (IllegalArgumentException e) {
            throw usage("Invalid cluster settings: " + e.getMessage());
        }
    }

    /**
     * {@code --replicas} as given, else the default: {@value ClusterOptions#DEFAULT_REPLICAS} for a
     * member of a cluster of several nodes (seeds or Kubernetes discovery, hence object storage),
     * none for a cluster of one: it has no peers to replicate to, and a quorum it can never reach
     * would refuse every write.
     */
    private int effectiveReplicas(boolean objectStorage) {
        return replicas != null ? replicas : objectStorage && multiNode() ? ClusterOptions.DEFAULT_REPLICAS : 0;
    }

    /** One line for the node's banner: where it is a member and how it finds the others. */
    static String describe(ClusterOptions o) {
        String joins = o.kubernetes() != null
                ? "members found through Kubernetes service " + o.kubernetes().serviceName()
                        + (o.kubernetes().namespace() != null ? " in namespace " + o.kubernetes().namespace() : "")
                : o.seeds().isEmpty() ? "no seeds: a cluster of one, others may join through this node"
                : "seeds " + String.join(",", o.seeds());
        return "cluster '" + o.clusterName() + "', member port " + o.clusterHost() + ":"
                + (o.clusterPort() == 0 ? "(free port)" : o.clusterPort()) + ", " + joins;
    }

    private ParameterException usage(String message) {
        return new ParameterException(mixee.commandLine(), message);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    /** The smallest majority of {@code replicas}: any two such quorums share a replica. */
    static int majority(int replicas) {
        return replicas == 0 ? 0 : replicas / 2 + 1;
    }
}
