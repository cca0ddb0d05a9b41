package io.cairn.launcher;

import io.cairn.relay.store.EmbeddedS3;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cairn s3-dev}: the embedded S3-compatible server alone, in the foreground. */
@Command(name = "s3-dev", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Run the embedded S3-compatible server (s3proxy, one directory per bucket) until Ctrl-C.",
            "For development and local clusters only: fixed dev credentials, no TLS.",
        })
final class S3DevCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "P", defaultValue = "${env:CAIRN_S3_DEV_PORT:-9000}",
            description = "Port (env CAIRN_S3_DEV_PORT; default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--dir", paramLabel = "D", defaultValue = "${env:CAIRN_S3_DEV_DIR:-.cairn/s3}",
            description = "Directory for the buckets (env CAIRN_S3_DEV_DIR; default ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "${env:CAIRN_S3_DEV_HOST:-127.0.0.1}",
            description = "Address to listen on (env CAIRN_S3_DEV_HOST; default ${DEFAULT-VALUE}).")
    String host;

    @Override
    public Integer call() throws Exception {
        Ports.check(spec, "--port", port);
        EmbeddedS3 s3 = EmbeddedS3Starter.start(dir, host, port, S3ProxyLib.locate(CairnHome.get()), "--port");
        printBanner(s3, spec.commandLine().getOut());
        UntilShutdown.await(s3, "stopping the S3 server; the data stays in " + s3.dataDir(), spec.commandLine().getErr(), () -> {
            if (!s3.isRunning()) {
                throw new CliException("the embedded S3 server stopped unexpectedly; the end of its log:\n" + logTail(s3));
            }
        });
        return 0;
    }

    private static void printBanner(EmbeddedS3 s3, PrintWriter out) {
        out.println("Embedded S3 server running");
        out.println("  endpoint:    " + s3.endpoint());
        out.println("  access key:  " + s3.accessKey());
        out.println("  secret key:  " + s3.secretKey());
        out.println("  data:        " + s3.dataDir() + " (one directory per bucket)");
        out.println();
        out.println("A node that keeps its history there (the bucket is created on first use):");
        out.println("  cairn node --data DIR --s3-endpoint " + s3.endpoint() + " --s3-bucket cairn --s3-access-key "
                + s3.accessKey() + " --s3-secret-key " + s3.secretKey());
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    private static String logTail(EmbeddedS3 s3) {
        try {
            List<String> lines = Files.readAllLines(s3.logFile(), StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log at " + s3.logFile() + ")";
        }
    }
}
