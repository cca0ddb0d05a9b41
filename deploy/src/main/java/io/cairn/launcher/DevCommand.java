package io.cairn.launcher;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cairn dev}: a local node with an embedded S3 store and the sample apps, until Ctrl-C. */
@Command(name = "dev", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Run one node on 127.0.0.1 with an embedded S3 store and the sample apps deployed.",
            "Data, buckets and admin token live in .cairn/ here; the token file is kept across restarts,",
            "and unchanged sample-app JARs are not redeployed.",
        })
final class DevCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:CAIRN_HTTP_PORT:-8787}",
            description = "HTTP port (env CAIRN_HTTP_PORT; default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--s3-port", paramLabel = "PORT",
            description = "Port of the embedded S3 server (default: the HTTP port + 1, so 8788; 0 picks a free one).")
    Integer s3Port;

    @Override
    public Integer call() throws Exception {
        Ports.check(spec, "--port", port);
        int s3 = s3Port != null ? s3Port : port == 0 || port == 65535 ? 0 : port + 1;
        Ports.check(spec, "--s3-port", s3);
        Path home = CairnHome.get();
        DevSession session = DevSession.start(
                new DevSession.Settings(Path.of(""), home, port, s3, S3ProxyLib.locate(home)), spec.commandLine().getOut());
        UntilShutdown.await(session, NodeCommand.STOPPING + ", shipping the last writes to the S3 server, then stopping it",
                spec.commandLine().getErr(), () -> session.keepS3Running(spec.commandLine().getErr()));
        return 0;
    }
}
