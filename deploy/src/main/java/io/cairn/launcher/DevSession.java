package io.cairn.launcher;

import io.cairn.runtime.CairnNode;
import io.cairn.runtime.NodeOptions;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * A running {@code cairn dev}: one node on loopback with its data and admin token under
 * {@code <workDir>/.cairn/}, and the sample apps deployed over the admin API. Separate from
 * {@link DevCommand} so tests can start it on a free port in a temporary directory.
 */
final class DevSession implements AutoCloseable {

    static final String HOST = "127.0.0.1";

    private final CairnNode node;
    private final Path tokenFile;
    private final List<SampleAppDeployer.Outcome> outcomes;

    private DevSession(CairnNode node, Path tokenFile, List<SampleAppDeployer.Outcome> outcomes) {
        this.node = node;
        this.tokenFile = tokenFile;
        this.outcomes = outcomes;
    }

    /**
     * @param workDir the directory whose {@code .cairn/} holds the data and the token
     * @param home the repository root whose sample apps are deployed; null deploys none
     * @param port HTTP port on 127.0.0.1; 0 picks a free one
     * @param out where the banner goes
     */
    static DevSession start(Path workDir, Path home, int port, PrintWriter out) {
        Path cairnDir = workDir.toAbsolutePath().normalize().resolve(".cairn");
        Path tokenFile = AdminTokenFile.path(cairnDir.getParent());
        String token = AdminTokenFile.loadOrCreate(tokenFile);
        NodeOptions options;
        try {
            options = NodeOptions.builder()
                    .host(HOST)
                    .httpPort(port)
                    .dataDir(cairnDir.resolve("data"))
                    .adminToken(token)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new CliException("invalid dev node settings: " + e.getMessage(), e);
        }
        CairnNode node = NodeStarter.start(options, "--port");
        try {
            List<SampleAppDeployer.Outcome> outcomes = List.of();
            if (home != null) {
                try (AdminClient admin = new AdminClient(node.baseUri(), node.adminToken())) {
                    outcomes = new SampleAppDeployer(admin).deployAll(SampleApps.byApp(SampleApps.find(home)));
                }
            }
            DevSession session = new DevSession(node, tokenFile, outcomes);
            session.printBanner(out, home, cairnDir.getParent());
            return session;
        } catch (RuntimeException e) {
            closeQuietly(node, e);
            throw e;
        }
    }

    CairnNode node() {
        return node;
    }

    URI baseUri() {
        return node.baseUri();
    }

    String token() {
        return node.adminToken();
    }

    Path tokenFile() {
        return tokenFile;
    }

    List<SampleAppDeployer.Outcome> outcomes() {
        return outcomes;
    }

    private void printBanner(PrintWriter out, Path home, Path workDir) {
        URI url = node.baseUri();
        String cli = launcher(home, workDir);
        out.println();
        out.println("Cairn dev node running");
        out.println("  URL:          " + url);
        out.println("  admin token:  " + node.adminToken());
        out.println("  token file:   " + tokenFile);
        out.println("  data:         " + tokenFile.getParent().resolve("data"));
        out.println();
        if (home == null) {
            out.println("No sample apps deployed: cairn.home is not set (start dev through deploy/bin/cairn).");
        } else if (outcomes.isEmpty()) {
            out.println("No sample apps found under " + home.resolve("sample-apps") + "/*/target/ (build them: deploy/bin/cairn build).");
        } else {
            out.println("Sample apps:");
            for (SampleAppDeployer.Outcome o : outcomes) {
                out.println("  " + switch (o.result()) {
                    case DEPLOYED -> String.format("%-10s deployed, version %d (%s)", o.app(), o.version(), o.detail());
                    case UNCHANGED -> String.format("%-10s unchanged, version %d is current (%s)", o.app(), o.version(), o.detail());
                    case KEPT -> String.format("%-10s kept version %d (%s), deployed by hand from %s",
                            o.app(), o.version(), o.detail(), home.relativize(o.jar()));
                    case FAILED -> String.format("%-10s NOT deployed from %s: %s", o.app(), o.jar(), o.detail());
                });
                for (Path alternate : o.alternates()) {
                    out.println(String.format("  %-10s also built: %s (deploy it by hand: %s deploy %s)",
                            "", home.relativize(alternate), cli, inWorkDir(alternate, workDir)));
                }
            }
        }
        out.println();
        out.println("Try:");
        out.println("  curl -X POST " + url + "/objects/counter/hello/increment");
        out.println("  curl " + url + "/objects/counter/hello");
        out.println("  curl -H \"Authorization: Bearer $(cat " + tokenFile + ")\" " + url + "/admin/v1/deployments");
        out.println("  " + cli + " objects counter");
        out.println("  " + cli + " deploy path/to/your-app.jar");
        out.println();
        out.println("Not in dev yet: the embedded S3-compatible store (a later issue); data stays on local disk.");
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    /** The launcher as the user can type it from where dev runs: relative inside the repository. */
    private static String launcher(Path home, Path workDir) {
        return home == null ? "cairn" : inWorkDir(home.resolve("deploy/bin/cairn"), workDir);
    }

    private static String inWorkDir(Path file, Path workDir) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(workDir) ? workDir.relativize(absolute).toString() : absolute.toString();
    }

    @Override
    public void close() {
        node.close();
    }

    private static void closeQuietly(CairnNode node, Exception failure) {
        try {
            node.close();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}
