package io.cairn.relay.store;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code cairn s3-dev}: the embedded S3-compatible server alone, in the foreground.
 *
 * <pre>
 * EmbeddedS3Main --port 9000 --dir .cairn/s3 [--host 127.0.0.1] [--lib DIR]
 *                [--access-key K] [--secret-key S] [--bucket B]
 * </pre>
 *
 * {@code --lib} defaults to {@code -Dcairn.s3proxy.lib} / {@code CAIRN_S3PROXY_LIB}. With
 * {@code --bucket} the bucket is created before the ready line is printed. Runs until SIGINT /
 * SIGTERM, then stops the server gracefully.
 */
public final class EmbeddedS3Main {

    private EmbeddedS3Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        Args parsed;
        try {
            parsed = Args.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("s3-dev: " + e.getMessage());
            System.err.println("usage: s3-dev --port P --dir D [--host H] [--lib DIR] [--access-key K] [--secret-key S] [--bucket B]");
            System.exit(2);
            return;
        }
        EmbeddedS3 s3;
        try {
            Path lib = parsed.lib != null ? Path.of(parsed.lib) : EmbeddedS3.defaultLibDir();
            s3 = EmbeddedS3.start(Path.of(parsed.dir), parsed.host, parsed.port, lib, parsed.accessKey, parsed.secretKey);
            if (parsed.bucket != null) {
                MinioObjectStore.connect(s3.options(parsed.bucket)).close();   // connect() creates the bucket
            }
        } catch (RuntimeException e) {
            System.err.println("s3-dev: " + e.getMessage());
            System.exit(1);
            return;
        }
        CountDownLatch done = new CountDownLatch(1);
        AtomicBoolean stopping = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            s3.close();
            done.countDown();
        }, "cairn-s3-dev-stop"));
        System.out.println("Embedded S3 ready at " + s3.endpoint() + " (access key " + s3.accessKey()
                + ", secret key " + s3.secretKey() + ", data " + s3.dataDir().toAbsolutePath() + ", log " + s3.logFile() + ")");
        System.out.flush();
        while (!done.await(1, TimeUnit.SECONDS)) {
            if (!stopping.get() && !s3.isRunning()) {
                System.err.println("s3-dev: the s3proxy process ended unexpectedly; log " + s3.logFile());
                System.exit(1);
            }
        }
    }

    /** Plain {@code --name value} parsing: this main must not need picocli on its classpath. */
    private static final class Args {
        int port = -1;
        String dir;
        String host = "127.0.0.1";
        String lib;
        String accessKey = EmbeddedS3.DEFAULT_ACCESS_KEY;
        String secretKey = EmbeddedS3.DEFAULT_SECRET_KEY;
        String bucket;

        static Args parse(String[] args) {
            Args a = new Args();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                String value;
                int eq = name.indexOf('=');
                if (name.startsWith("--") && eq > 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else {
                    if (i + 1 >= args.length) {
                        throw new IllegalArgumentException("missing value after " + name);
                    }
                    value = args[++i];
                }
                switch (name) {
                    case "--port" -> a.port = parsePort(value);
                    case "--dir" -> a.dir = value;
                    case "--host" -> a.host = value;
                    case "--lib" -> a.lib = value;
                    case "--access-key" -> a.accessKey = value;
                    case "--secret-key" -> a.secretKey = value;
                    case "--bucket" -> a.bucket = value;
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (a.port < 0) {
                throw new IllegalArgumentException("--port is required (0 picks a free port)");
            }
            if (a.dir == null) {
                throw new IllegalArgumentException("--dir is required");
            }
            return a;
        }

        private static int parsePort(String value) {
            try {
                int port = Integer.parseInt(value);
                if (port < 0 || port > 65535) {
                    throw new NumberFormatException();
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--port must be 0..65535, was '" + value + "'");
            }
        }
    }
}
