package io.cairn.relay.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/** One run of the s3proxy child JVM: writes its configuration, starts it, waits for it, stops it. */
final class S3ProxyProcess {

    private static final Duration POLL = Duration.ofMillis(100);

    private final Process process;
    private final Path logFile;

    private S3ProxyProcess(Process process, Path logFile) {
        this.process = process;
        this.logFile = logFile;
    }

    /** What one launch needs. {@code runDir} holds the properties, the logback config and the log. */
    record Config(Path dataDir, Path libDir, Path runDir, String host, int port, String accessKey, String secretKey) {
        String endpoint() {
            return "http://" + EmbeddedS3.urlHost(host) + ":" + port;
        }
    }

    /** Starts the child and returns once it answers HTTP, or throws with the tail of its log. */
    static S3ProxyProcess launch(Config config, Duration startTimeout) {
        Path properties = writeProperties(config);
        Path logback = writeLogback(config.runDir());
        Path log = config.runDir().resolve("s3proxy.log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms32m", "-Xmx512m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-Dlogback.configurationFile=" + logback,
                "-cp", config.libDir().resolve("*") + java.io.File.pathSeparator + ownCodeLocation(),
                S3ProxyChild.class.getName(),
                "--properties", properties.toString()));
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the s3proxy child JVM (" + command.getFirst() + "): " + e.getMessage(), e);
        }
        S3ProxyProcess started = new S3ProxyProcess(process, log);
        started.awaitReady(config.endpoint(), startTimeout);
        return started;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path logFile() {
        return logFile;
    }

    /**
     * Stops the child gracefully: closing its stdin makes it exit on its own (see
     * {@link S3ProxyChild}); SIGTERM only if it does not, SIGKILL only if even that hangs.
     */
    void stop() {
        try {
            process.getOutputStream().close();
            if (process.waitFor(10, TimeUnit.SECONDS)) {
                return;
            }
            process.destroy();
            if (process.waitFor(10, TimeUnit.SECONDS)) {
                return;
            }
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** The last lines the child wrote, for error messages. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log at " + logFile + ": " + e.getMessage() + ")";
        }
    }

    private void awaitReady(String endpoint, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited with code " + process.exitValue() + " before answering at "
                        + endpoint + "; log " + logFile + ":\n" + logTail());
            }
            if (answers(endpoint)) {
                return;
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop();
                throw new IllegalStateException("interrupted while waiting for s3proxy at " + endpoint, e);
            }
        }
        stop();
        throw new IllegalStateException("s3proxy did not answer at " + endpoint + " within " + timeout.toSeconds()
                + " s; log " + logFile + ":\n" + logTail());
    }

    /** Any HTTP answer (an anonymous request gets 403) means Jetty is up and routing. */
    static boolean answers(String endpoint) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(endpoint + "/").toURL().openConnection();
            connection.setConnectTimeout(500);
            connection.setReadTimeout(2000);
            try {
                return connection.getResponseCode() > 0;
            } finally {
                connection.disconnect();
            }
        } catch (IOException e) {
            return false;
        }
    }

    private static Path writeProperties(Config config) {
        Properties p = new Properties();
        p.setProperty("s3proxy.endpoint", config.endpoint());
        p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
        p.setProperty("s3proxy.identity", config.accessKey());
        p.setProperty("s3proxy.credential", config.secretKey());
        p.setProperty("jclouds.provider", "filesystem-nio2");
        p.setProperty("jclouds.identity", config.accessKey());
        p.setProperty("jclouds.credential", config.secretKey());
        p.setProperty("jclouds.filesystem.basedir", config.dataDir().toAbsolutePath().toString());
        Path file = config.runDir().resolve("s3proxy.properties");
        try (OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
            p.store(out, "written by Cairn EmbeddedS3; holds the credential, readable by its owner only");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        EmbeddedS3.ownerOnly(file);
        return file;
    }

    private static Path writeLogback(Path runDir) {
        Path file = runDir.resolve("logback.xml");
        try (InputStream in = S3ProxyProcess.class.getResourceAsStream("s3proxy-logback.xml")) {
            if (in == null) {
                throw new IllegalStateException("resource io/cairn/relay/store/s3proxy-logback.xml is missing from the classpath");
            }
            Files.write(file, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    /** The jar (or classes directory) holding {@link S3ProxyChild}, added to the child's classpath. */
    private static String ownCodeLocation() {
        try {
            return Path.of(S3ProxyChild.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (Exception e) {
            throw new IllegalStateException("cannot locate the jar of " + S3ProxyChild.class.getName(), e);
        }
    }
}
