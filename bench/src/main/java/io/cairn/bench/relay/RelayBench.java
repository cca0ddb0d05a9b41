package io.cairn.bench.relay;

import io.cairn.bench.Args;
import java.util.Arrays;
import java.util.List;

/**
 * Command line of the storage relay benchmarks (bench/run-relay.sh runs them and writes the RELAY block of
 * bench/RESULTS.md):
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -Dcairn.s3proxy.lib=storage-relay/store/target/s3proxy-lib \
 *      -cp 'cairn-bench.jar:lib/*' io.cairn.bench.relay.RelayBench BENCH [--option value ...]
 *
 *   write    capture + shipping on vs off, same node code, one s3proxy on loopback
 *            --duration-ms 2000 --many-duration-ms 10000 --lead-in-ms 1000 --warmup-ms 2000 --rounds 5
 *            --window 256 --objects 1,100 --short-age-ms 1000 --payload-bytes 64 --diagnostics true
 *            [--cases on_1obj,off_1obj,diag_raw_capture]
 *   restore  Restorer.restore vs raw GET of the same stored objects
 *            --db-mib 96 --rounds 5 --row-bytes 4000 --concurrency 64
 *   cost     requests to object storage for N objects writing once per period, counted on the wire
 *            --objects 1000 --period-s 60 --measure-s 180
 * </pre>
 *
 * Output: {@code RESULT}/{@code NOTE} lines on stdout (io.cairn.bench.Report), progress on stderr.
 */
public final class RelayBench {

    private RelayBench() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h")) {
            System.err.println("usage: RelayBench write|restore|cost [--option value ...]  (see the class comment)");
            System.exit(argv.length == 0 ? 2 : 0);
        }
        List<String> rest = Arrays.asList(argv).subList(1, argv.length);
        Args args = new Args(rest);
        switch (argv[0]) {
            case "write" -> {
                CaptureBench b = new CaptureBench(args);
                args.requireConsumed();
                b.run();
            }
            case "restore" -> {
                RestoreBench b = new RestoreBench(args);
                args.requireConsumed();
                b.run();
            }
            case "cost" -> {
                CostBench b = new CostBench(args);
                args.requireConsumed();
                b.run();
            }
            default -> {
                System.err.println("unknown relay benchmark '" + argv[0] + "'; use write, restore or cost");
                System.exit(2);
            }
        }
        System.exit(0);
    }
}
