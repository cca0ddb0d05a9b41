package io.cairn.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cairn local-cluster}: N nodes (child JVMs) and one embedded S3 store on loopback, for
 * trying the cluster on one machine, until Ctrl-C.
 */
@Command(name = "local-cluster", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Run N cluster nodes and one embedded S3 store on 127.0.0.1, with the sample apps deployed, until Ctrl-C.",
            "Node i listens for HTTP on --base-port + i - 1, for members on --cluster-base-port + 2(i - 1) and for"
                    + " replication on the port after that;"
                    + " its data lives in .cairn/cluster/node-i here, the buckets in .cairn/cluster/s3,"
                    + " and every node uses the admin token in .cairn/admin-token.",
            "Each node's output is shown prefixed with [node-i]; a node that dies is reported and the others keep running.",
        })
final class LocalClusterCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "4",
            description = "Number of nodes, 1.." + LocalClusterPlan.MAX_NODES + " (default ${DEFAULT-VALUE}: replicas 3, quorum 2,"
                    + " so one node may be down without stopping writes).")
    int nodes;

    @Option(names = "--base-port", paramLabel = "PORT", defaultValue = "8787",
            description = "HTTP port of node-1; node-i gets PORT + i - 1 (default ${DEFAULT-VALUE}: 8787, 8788, 8789, ...).")
    int basePort;

    @Option(names = "--cluster-base-port", paramLabel = "PORT", defaultValue = "5701",
            description = "Member port of node-1; node-i gets PORT + 2(i - 1) and the port after it for replication"
                    + " (default ${DEFAULT-VALUE}: 5701-5702, 5703-5704, ...).")
    int clusterBasePort;

    @Option(names = "--s3-port", paramLabel = "PORT", defaultValue = "0",
            description = "Port of the embedded S3 store (default: a free one, printed).")
    int s3Port;

    @Option(names = "--ready-timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "How long the nodes get to become ready (default ${DEFAULT-VALUE}).")
    int readyTimeout;

    /** The ports and directories, checked: bad counts, ranges and overlaps are usage errors (exit 2). */
    LocalClusterPlan plan(Path workDir) {
        if (readyTimeout < 1) {
            throw new ParameterException(spec.commandLine(), "--ready-timeout must be 1 or more seconds, got " + readyTimeout);
        }
        try {
            return LocalClusterPlan.of(nodes, basePort, clusterBasePort, s3Port, workDir);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        LocalClusterPlan plan = plan(Path.of(""));
        Path home = CairnHome.get();
        LocalCluster cluster = LocalCluster.start(new LocalCluster.Settings(Path.of(""), home, plan, S3ProxyLib.locate(home),
                ChildJvm.current(), Duration.ofSeconds(readyTimeout)), spec.commandLine().getOut(), spec.commandLine().getErr());
        UntilShutdown.await(cluster, "sending each node SIGTERM: they finish in-flight events and ship their last writes;"
                + " then stopping the S3 store", spec.commandLine().getErr(), cluster::check);
        return 0;
    }
}
