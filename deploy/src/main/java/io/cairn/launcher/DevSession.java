package io.cairn.launcher;

import io.cairn.relay.RelayOptions;
import io.cairn.relay.StorageRelay;
import io.cairn.relay.store.EmbeddedS3;
import io.cairn.runtime.CairnNode;
import io.cairn.runtime.NodeOptions;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running {@code cairn dev}: an embedded S3 server (a child JVM, buckets in
 * {@code <workDir>/.cairn/s3}) and one node on loopback shipping to it, with its data and admin
 * token under {@code <workDir>/.cairn/} and the sample apps deployed over the admin API. Separate
 * from {@link DevCommand} so tests can start it on free ports in a temporary directory.
 */
final class DevSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DevSession.class);

    static final String HOST = "127.0.0.1";
    /** The bucket dev's node ships to. */
    static final String BUCKET = "cairn-dev";

    /**
     * @param workDir the directory whose {@code .cairn/} holds the data, the buckets and the token
     * @param home the repository root whose sample apps are deployed; null deploys none
     * @param port HTTP port on 127.0.0.1; 0 picks a free one
     * @param s3Port the embedded S3 server's port on 127.0.0.1; 0 picks a free one
     * @param s3Lib the embedded S3 server's jars ({@link S3ProxyLib})
     */
    record Settings(Path workDir, Path home, int port, int s3Port, Path s3Lib) {
    }

    private final EmbeddedS3 s3;
    private final CairnNode node;
    private final Path tokenFile;
    private final List<SampleAppDeployer.Outcome> outcomes;

    private DevSession(EmbeddedS3 s3, CairnNode node, Path tokenFile, List<SampleAppDeployer.Outcome> outcomes) {
        this.s3 = s3;
        this.node = node;
        this.tokenFile = tokenFile;
        this.outcomes = outcomes;
    }

    /** Starts the S3 server, then the node, then deploys the sample apps; prints the banner to {@code out}. */
    static DevSession start(Settings settings, PrintWriter out) {
        Path cairnDir = settings.workDir().toAbsolutePath().normalize().resolve(".cairn");
        Path tokenFile = AdminTokenFile.path(cairnDir.getParent());
        String token = AdminTokenFile.loadOrCreate(tokenFile);
        NodeOptions options;
        try {
            options = NodeOptions.builder()
                    .host(HOST)
                    .httpPort(settings.port())
                    .dataDir(cairnDir.resolve("data"))
                    .adminToken(token)
                    .build();
        } catch (IllegalArgumentException e) {
            throw new CliException("invalid dev node settings: " + e.getMessage(), e);
        }
        EmbeddedS3 s3 = EmbeddedS3Starter.start(cairnDir.resolve("s3"), HOST, settings.s3Port(), settings.s3Lib(), "--s3-port");
        CairnNode node;
        try {
            node = NodeStarter.start(options, "--port", new StorageRelay(RelayOptions.defaults(s3.options(BUCKET))));
        } catch (RuntimeException e) {
            closeQuietly(s3, e);
            throw e;
        }
        try {
            List<SampleAppDeployer.Outcome> outcomes = List.of();
            if (settings.home() != null) {
                try (AdminClient admin = new AdminClient(node.baseUri(), node.adminToken())) {
                    outcomes = new SampleAppDeployer(admin).deployAll(SampleApps.byApp(SampleApps.find(settings.home())));
                }
            }
            DevSession session = new DevSession(s3, node, tokenFile, outcomes);
            session.printBanner(out, settings.home(), cairnDir.getParent());
            return session;
        } catch (RuntimeException e) {
            closeQuietly(node, e);
            closeQuietly(s3, e);
            throw e;
        }
    }

    CairnNode node() {
        return node;
    }

    EmbeddedS3 s3() {
        return s3;
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
        out.println("  S3 endpoint:  " + s3.endpoint() + " (embedded; bucket " + BUCKET + ", access key " + s3.accessKey()
                + ", secret key " + s3.secretKey() + ")");
        out.println("  S3 data:      " + s3.dataDir());
        out.println();
        printSampleApps(out, outcomes, home, workDir);
        out.println();
        out.println("Try:");
        out.println("  curl -X POST " + url + "/objects/counter/hello/increment");
        out.println("  curl " + url + "/objects/counter/hello");
        out.println("  curl -H \"Authorization: Bearer $(cat " + tokenFile + ")\" " + url + "/admin/v1/deployments");
        out.println("  " + cli + " objects counter");
        out.println("  " + cli + " deploy path/to/your-app.jar");
        out.println();
        out.println("Backups (every write is kept in the S3 store; any moment of the last 30 days restores):");
        out.println("  " + cli + " bookmark counter/hello --at $(date -u +%Y-%m-%dT%H:%M:%SZ)");
        out.println("  " + cli + " restore counter/hello --bookmark B     (or --at TIME; it prints the bookmark that undoes it)");
        out.println("  " + cli + " export counter/hello -o hello.sqlite");
        out.println();
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }

    /** What happened to each sample app, for a banner; {@code home} null means none were looked for. */
    static void printSampleApps(PrintWriter out, List<SampleAppDeployer.Outcome> outcomes, Path home, Path workDir) {
        String cli = launcher(home, workDir);
        if (home == null) {
            out.println("No sample apps deployed: cairn.home is not set (start cairn through deploy/bin/cairn).");
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
    }

    /** The launcher as the user can type it from where dev runs: relative inside the repository. */
    static String launcher(Path home, Path workDir) {
        return home == null ? "cairn" : inWorkDir(home.resolve("deploy/bin/cairn"), workDir);
    }

    static String inWorkDir(Path file, Path workDir) {
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(workDir) ? workDir.relativize(absolute).toString() : absolute.toString();
    }

    /**
     * Restarts the S3 server if it has stopped (it was killed, or crashed); called about once a
     * second while dev runs. Meanwhile the node keeps writes in its local spool and ships them
     * once the server is back.
     */
    void keepS3Running(PrintWriter err) {
        EmbeddedS3Starter.restartIfStopped(s3, err, "writes wait in the local spool");
    }

    /**
     * Stops the node (which ships its last writes to the S3 server), then the S3 server. Ctrl-C in
     * a terminal reaches the S3 child too (same process group) and it exits at once; a watcher
     * brings it back while the node closes, so the node's final flush still lands.
     */
    @Override
    public void close() {
        Thread keeper = Thread.ofPlatform().daemon().name("cairn-dev-s3-keeper").start(this::restartS3WhileClosing);
        try {
            node.close();
        } finally {
            keeper.interrupt();
            try {
                keeper.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            s3.close();
        }
    }

    private void restartS3WhileClosing() {
        while (!Thread.currentThread().isInterrupted()) {
            if (!s3.isRunning()) {
                LOG.info("the embedded S3 server stopped (Ctrl-C reaches it too); restarting it for the node's last uploads");
                try {
                    s3.restart();
                } catch (RuntimeException e) {
                    // The node's flush then fails and says so; its spool keeps the writes for the next start.
                    LOG.warn("restarting the embedded S3 server failed: {}", e.getMessage());
                    return;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable, Exception failure) {
        try {
            closeable.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }
}
