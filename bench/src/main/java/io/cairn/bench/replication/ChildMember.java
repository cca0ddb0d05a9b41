package io.cairn.bench.replication;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A {@link MemberMain} process; its output goes to a log file, which outlives the run. */
final class ChildMember implements AutoCloseable {

    /** Small heaps, serial GC and C1 only: six of these share two CPUs with the driver and s3proxy. */
    static final List<String> JVM_FLAGS = List.of("--enable-native-access=ALL-UNNAMED", "-Xmx256m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-Dorg.slf4j.simpleLogger.log.io.cairn.router=info", "-Dorg.slf4j.simpleLogger.log.io.cairn.relay=info",
            // "serving at epoch" lines: when a takeover finished, for the failover breakdown.
            "-Dorg.slf4j.simpleLogger.log.io.cairn.router.replication=debug", "-Dorg.slf4j.simpleLogger.showDateTime=true",
            "-Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS", "-Dhazelcast.logging.type=slf4j",
            "-Dhazelcast.phone.home.enabled=false");

    final Process process;
    final URI baseUri;
    final String nodeId;
    final Path log;

    private ChildMember(Process process, URI baseUri, String nodeId, Path log) {
        this.process = process;
        this.baseUri = baseUri;
        this.nodeId = nodeId;
        this.log = log;
    }

    /** Starts a member with {@code args} ({@link MemberMain}'s options) and waits for its READY line. */
    static ChildMember start(List<String> args, Path log) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_FLAGS);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(MemberMain.class.getName());
        cmd.addAll(args);
        Process p;
        try {
            Files.createDirectories(log.getParent());
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("child-log-" + log.getFileName()).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 var out = Files.newBufferedWriter(log)) {
                String line;
                while ((line = r.readLine()) != null) {
                    if (line.startsWith("READY ")) {
                        ready.complete(line);
                    }
                    out.write(line);
                    out.newLine();
                    out.flush();
                }
            } catch (IOException e) {
                // The process died; the ready future fails below with the log's path.
            }
            ready.completeExceptionally(new IllegalStateException("member exited before it was ready; see " + log));
        });
        try {
            String[] parts = ready.get(120, TimeUnit.SECONDS).split(" ");
            return new ChildMember(p, URI.create(parts[1]), parts[2], log);
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("member did not start (log: " + log + "): " + e.getMessage(), e);
        }
    }

    /** kill -9 without waiting: no shutdown hook, no flush; the kernel closes its sockets. */
    void killNow() {
        process.destroyForcibly();
    }

    void awaitExit() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("member " + nodeId + " (pid " + process.pid() + ") did not die within 30 s of SIGKILL");
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
