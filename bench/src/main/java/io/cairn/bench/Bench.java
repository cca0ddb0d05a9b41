package io.cairn.bench;

import java.util.Arrays;
import java.util.List;

/**
 * Command line of the harness:
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -cp 'cairn-bench.jar:lib/*' io.cairn.bench.Bench BENCH [--option value ...]
 *
 *   write       one object, single-row INSERT per event, real output gate, vs raw sqlite-jdbc
 *               --duration-ms 3000 --warmup-ms 2000 --rounds 5 --windows 1,16,256 --payload-bytes 64
 *   http        wrk against 100 counter objects (GET, POST) vs a bare Vert.x route in this JVM
 *               --duration-s 10 --warmup-s 3 --rounds 3 --threads 2 --connections 64 --objects 100 --wrk wrk
 *   activation  new objects/s, re-activations/s, heap and native memory per live idle object
 *               --objects 2000 --concurrency 64 --rounds 5 --memory-objects 4000
 * </pre>
 *
 * Results are {@code RESULT}/{@code NOTE} lines on stdout (see {@link Report}); progress goes to stderr.
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h")) {
            System.err.println("usage: Bench write|http|activation [--option value ...]  (see the class comment for options)");
            System.exit(argv.length == 0 ? 2 : 0);
        }
        List<String> rest = Arrays.asList(argv).subList(1, argv.length);
        Args args = new Args(rest);
        switch (argv[0]) {
            case "write" -> {
                WriteBench b = new WriteBench(args);
                args.requireConsumed();
                b.run();
            }
            case "http" -> {
                HttpBench b = new HttpBench(args);
                args.requireConsumed();
                b.run();
            }
            case "activation" -> {
                ActivationBench b = new ActivationBench(args);
                args.requireConsumed();
                b.run();
            }
            default -> {
                System.err.println("unknown benchmark '" + argv[0] + "'; use write, http or activation");
                System.exit(2);
            }
        }
        // Vert.x and the runtime's pools are closed, but be sure no straggler keeps the JVM up.
        System.exit(0);
    }
}
