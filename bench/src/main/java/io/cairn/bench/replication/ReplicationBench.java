package io.cairn.bench.replication;

import io.cairn.bench.Args;
import java.util.Arrays;
import java.util.List;

/**
 * Command line of the quorum replication benchmarks (bench/run-replication.sh runs them and writes the
 * REPLICATION block of bench/RESULTS.md):
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -Dcairn.s3proxy.lib=storage-relay/store/target/s3proxy-lib \
 *      -cp 'cairn-bench.jar:lib/*' io.cairn.bench.replication.ReplicationBench BENCH [--option value ...]
 *
 *   throughput  6 members in this JVM, replicas 5 / quorum 3 vs replicas 0 vs raw sqlite-jdbc, one object, wrk
 *               --members 6 --replicas 5 --quorum 3 --duration-s 8 --warmup-s 4 --rounds 4 --latency-s 4
 *               --threads 2 --connections 64 --payload-bytes 64 --wrk wrk
 *   failover    6 members as processes, kill -9 the owner, time to the first acknowledged write elsewhere
 *               --members 6 --replicas 5 --quorum 3 --rounds 5 --probe-ms 20 --write-before-kill-ms 3000
 *               --settle-ms 3000 --timeout-s 60 --member-timeout-ms 5000 --logs DIR
 * </pre>
 *
 * Output: {@code RESULT}/{@code NOTE}/{@code TARGET} lines on stdout (io.cairn.bench.Report), progress on stderr.
 */
public final class ReplicationBench {

    private ReplicationBench() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h")) {
            System.err.println("usage: ReplicationBench throughput|failover [--option value ...]  (see the class comment)");
            System.exit(argv.length == 0 ? 2 : 0);
        }
        List<String> rest = Arrays.asList(argv).subList(1, argv.length);
        Args args = new Args(rest);
        switch (argv[0]) {
            case "throughput" -> {
                ThroughputBench b = new ThroughputBench(args);
                args.requireConsumed();
                b.run();
            }
            case "failover" -> {
                FailoverBench b = new FailoverBench(args);
                args.requireConsumed();
                b.run();
            }
            default -> {
                System.err.println("unknown benchmark '" + argv[0] + "'; use throughput or failover");
                System.exit(2);
            }
        }
        // Hazelcast, Vert.x, the relay and the child processes are closed; be sure no straggler keeps the JVM up.
        System.exit(0);
    }
}
