package io.cairn.relay.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * An S3-compatible server for development, {@code cairn dev}, local clusters and tests: s3proxy
 * with its filesystem backend (one directory per bucket under {@code dataDir}), SigV4 and
 * path-style requests.
 *
 * <p>s3proxy drags about 170 jars (cloud SDKs, Jetty). They never touch the node's classpath:
 * the server runs in a child JVM whose classpath is {@code s3proxyLibDir} (filled by this
 * module's build, {@code storage-relay/store/target/s3proxy-lib}). The child exits when this
 * object stops it and also when this JVM dies, however it dies.
 */
public final class EmbeddedS3 implements AutoCloseable {

    /** Credentials every dev node and tool uses unless told otherwise. Development only. */
    public static final String DEFAULT_ACCESS_KEY = "cairn-dev";
    public static final String DEFAULT_SECRET_KEY = "cairn-dev-secret";
    /** System property, then environment variable, naming the lib dir when none is passed. */
    public static final String LIB_DIR_PROPERTY = "cairn.s3proxy.lib";
    public static final String LIB_DIR_ENV = "CAIRN_S3PROXY_LIB";

    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int PORT_ATTEMPTS = 5;

    private final Path dataDir;
    private final Path libDir;
    private final Path runDir;
    private final String host;
    private final String accessKey;
    private final String secretKey;
    private final Thread shutdownHook;
    private int port;
    private S3ProxyProcess process;
    private boolean closed;

    private EmbeddedS3(Path dataDir, Path libDir, Path runDir, String host, String accessKey, String secretKey) {
        this.dataDir = dataDir;
        this.libDir = libDir;
        this.runDir = runDir;
        this.host = host;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.shutdownHook = new Thread(this::stopQuietly, "cairn-embedded-s3-shutdown");
    }

    /** Starts a server with the {@link #DEFAULT_ACCESS_KEY default credentials}. */
    public static EmbeddedS3 start(Path dataDir, String host, int port, Path s3proxyLibDir) {
        return start(dataDir, host, port, s3proxyLibDir, DEFAULT_ACCESS_KEY, DEFAULT_SECRET_KEY);
    }

    /**
     * Starts s3proxy in a child JVM and returns once it answers HTTP.
     *
     * @param port the port, or 0 for a free one
     * @param s3proxyLibDir the directory of s3proxy's jars
     * @throws IllegalStateException naming the lib dir if it has no s3proxy jar, or with the
     *     child's log if it does not come up
     */
    public static EmbeddedS3 start(Path dataDir, String host, int port, Path s3proxyLibDir, String accessKey, String secretKey) {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(host, "host");
        checkLibDir(s3proxyLibDir);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, was " + port);
        }
        try {
            Files.createDirectories(dataDir);
            Path runDir = Files.createTempDirectory("cairn-s3proxy-");
            ownerOnly(runDir);
            EmbeddedS3 s3 = new EmbeddedS3(dataDir.toAbsolutePath(), s3proxyLibDir.toAbsolutePath(), runDir, host,
                    accessKey, secretKey);
            try {
                s3.launch(port);
            } catch (RuntimeException e) {
                s3.deleteRunDir();
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(s3.shutdownHook);
            return s3;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare embedded S3 in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The lib dir named by {@code -Dcairn.s3proxy.lib} or {@code CAIRN_S3PROXY_LIB}.
     *
     * @throws IllegalStateException when neither is set
     */
    public static Path defaultLibDir() {
        String dir = System.getProperty(LIB_DIR_PROPERTY);
        if (dir == null || dir.isBlank()) {
            dir = System.getenv(LIB_DIR_ENV);
        }
        if (dir == null || dir.isBlank()) {
            throw new IllegalStateException("no s3proxy lib dir: pass one, set -D" + LIB_DIR_PROPERTY + " or " + LIB_DIR_ENV
                    + " (the build fills storage-relay/store/target/s3proxy-lib)");
        }
        return Path.of(dir);
    }

    /** {@code http://host:port}. */
    public synchronized String endpoint() {
        return "http://" + urlHost(clientHost(host)) + ":" + port;
    }

    public synchronized int port() {
        return port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The child's combined stdout and stderr (warnings and errors only). */
    public Path logFile() {
        return runDir.resolve("s3proxy.log");
    }

    /** Options for a bucket of this server. */
    public S3Options options(String bucket) {
        return S3Options.of(endpoint(), bucket, accessKey, secretKey);
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Stops the server without SIGKILL; data stays in {@code dataDir}. Tests use it to simulate an
     * outage: requests then fail fast with connection refused. Does nothing if already stopped.
     */
    public synchronized void stop() {
        if (process != null) {
            process.stop();
            process = null;
        }
    }

    /** Starts the server again on the same port and data directory (stopping it first if needed). */
    public synchronized void restart() {
        if (closed) {
            throw new IllegalStateException("embedded S3 at " + endpoint() + " is closed");
        }
        stop();
        launch(port);
    }

    /** Stops the server and removes its run directory (the data directory stays). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop();
        deleteRunDir();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running or ran.
        }
    }

    @Override
    public String toString() {
        return "EmbeddedS3[" + endpoint() + ", data " + dataDir + "]";
    }

    private void launch(int requestedPort) {
        RuntimeException last = null;
        int attempts = requestedPort == 0 ? PORT_ATTEMPTS : 1;
        for (int i = 0; i < attempts; i++) {
            // A free port chosen here can be taken by someone else before the child binds it: retry.
            int candidate = requestedPort == 0 ? freePort(host) : requestedPort;
            try {
                process = S3ProxyProcess.launch(new S3ProxyProcess.Config(dataDir, libDir, runDir, host, candidate,
                        accessKey, secretKey), START_TIMEOUT);
                port = candidate;
                return;
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    private void stopQuietly() {
        synchronized (this) {
            if (process != null) {
                process.stop();
                process = null;
            }
        }
    }

    private void deleteRunDir() {
        try {
            Files.walkFileTree(runDir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // A leftover temp directory is harmless; the data directory is what matters.
        }
    }

    private static void checkLibDir(Path libDir) {
        String help = " (it is filled by `mvn -pl storage-relay/store package`, which copies org.gaul:s3proxy"
                + " and its dependencies into storage-relay/store/target/s3proxy-lib)";
        if (libDir == null || !Files.isDirectory(libDir)) {
            throw new IllegalStateException("s3proxy lib dir " + libDir + " does not exist" + help);
        }
        try (Stream<Path> files = Files.list(libDir)) {
            if (files.noneMatch(f -> f.getFileName().toString().matches("s3proxy-.*\\.jar"))) {
                throw new IllegalStateException("s3proxy lib dir " + libDir.toAbsolutePath() + " has no s3proxy-*.jar" + help);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read s3proxy lib dir " + libDir + help, e);
        }
    }

    private static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + host + ": " + e.getMessage(), e);
        }
    }

    /** Clients cannot reach a wildcard address: they use loopback. */
    private static String clientHost(String host) {
        return host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    }

    static String urlHost(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    static void ownerOnly(Path path) {
        try {
            boolean dir = Files.isDirectory(path);
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(dir ? "rwx------" : "rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: the temp directory's defaults apply.
        }
    }
}
