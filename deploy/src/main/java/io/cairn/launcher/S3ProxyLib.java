package io.cairn.launcher;

import io.cairn.relay.store.EmbeddedS3;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the embedded S3 server's jars are: s3proxy and its ~170 dependencies, which run in a child
 * JVM and never on the node's classpath ({@code deploy/target/lib}). The store module's build
 * copies them to {@code storage-relay/store/target/s3proxy-lib}.
 */
final class S3ProxyLib {

    static final String IN_REPOSITORY = "storage-relay/store/target/s3proxy-lib";

    private S3ProxyLib() {
    }

    /**
     * {@code -Dcairn.s3proxy.lib} or {@code CAIRN_S3PROXY_LIB} when set, else the directory in the
     * repository {@code home}.
     *
     * @throws CliException saying how to get the jars when the directory is unknown or missing
     */
    static Path locate(Path home) {
        String override = System.getProperty(EmbeddedS3.LIB_DIR_PROPERTY);
        if (override == null || override.isBlank()) {
            override = System.getenv(EmbeddedS3.LIB_DIR_ENV);
        }
        if (override != null && !override.isBlank()) {
            Path dir = Path.of(override);
            if (!Files.isDirectory(dir)) {
                throw new CliException(EmbeddedS3.LIB_DIR_ENV + " (or -D" + EmbeddedS3.LIB_DIR_PROPERTY + ") names " + dir
                        + ", which is not a directory; point it at " + IN_REPOSITORY + " in a built repository");
            }
            return dir;
        }
        if (home == null) {
            throw new CliException("cannot find the embedded S3 server's jars: start cairn through deploy/bin/cairn"
                    + " (it passes the repository as -Dcairn.home), or set " + EmbeddedS3.LIB_DIR_ENV + " to the "
                    + IN_REPOSITORY + " directory of a built repository");
        }
        Path dir = home.resolve(IN_REPOSITORY);
        if (!Files.isDirectory(dir)) {
            throw new CliException("the embedded S3 server's jars are missing: " + dir.toAbsolutePath()
                    + " does not exist; build them with 'deploy/bin/cairn build'");
        }
        return dir;
    }
}
