package io.cairn.launcher;

import io.cairn.relay.store.EmbeddedS3;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Starts the embedded S3 server (a child JVM), turning failures into messages that say what to do. */
final class EmbeddedS3Starter {

    private EmbeddedS3Starter() {
    }

    /**
     * @param port the port, or 0 for a free one
     * @param portFlag the flag that chose the port, named when it is taken
     */
    static EmbeddedS3 start(Path dataDir, String host, int port, Path libDir, String portFlag) {
        String where = host + ":" + port;
        // Checked here: EmbeddedS3 waits for "something answers HTTP on the port", which another
        // server already listening there would satisfy, so this node would use someone else's store.
        if (port != 0 && !Ports.free(host, port)) {
            throw new CliException("cannot start the embedded S3 server on " + where + ": the port is already in use;"
                    + " stop the other process (another cairn dev or s3-dev?) or choose another port with " + portFlag);
        }
        try {
            return EmbeddedS3.start(dataDir.toAbsolutePath().normalize(), host, port, libDir);
        } catch (IllegalStateException | IllegalArgumentException | UncheckedIOException e) {
            throw new CliException("cannot start the embedded S3 server on " + where + " with data in "
                    + dataDir.toAbsolutePath().normalize() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Restarts {@code s3} if it has stopped (killed, or crashed), saying so on {@code err};
     * {@code meanwhile} tells where writes wait until it is back.
     */
    static void restartIfStopped(EmbeddedS3 s3, PrintWriter err, String meanwhile) {
        if (s3.isRunning()) {
            return;
        }
        err.println("cairn: the embedded S3 server stopped unexpectedly; restarting it (" + meanwhile + ")");
        err.flush();
        try {
            s3.restart();
            err.println("cairn: the embedded S3 server is back at " + s3.endpoint());
        } catch (RuntimeException e) {
            err.println("cairn: restarting the embedded S3 server failed, will retry: " + e.getMessage());
        }
        err.flush();
    }
}
