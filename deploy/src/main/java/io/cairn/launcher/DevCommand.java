package io.cairn.launcher;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cairn dev}: a local node with the sample apps, until Ctrl-C. */
@Command(name = "dev", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Run one node on 127.0.0.1 with the sample apps deployed; data and admin token in .cairn/ here.",
            "The token file .cairn/admin-token is kept across restarts; unchanged sample-app JARs are not redeployed.",
        })
final class DevCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "${env:CAIRN_HTTP_PORT:-8787}",
            description = "HTTP port (env CAIRN_HTTP_PORT; default ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Override
    public Integer call() throws Exception {
        Ports.check(spec, "--port", port);
        String home = System.getProperty("cairn.home");
        DevSession session = DevSession.start(Path.of(""), home == null ? null : Path.of(home), port,
                spec.commandLine().getOut());
        UntilShutdown.await(session, spec.commandLine().getErr());
        return 0;
    }
}
