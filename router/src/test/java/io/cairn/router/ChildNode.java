package io.cairn.router;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A {@link ChildNodeMain} process started from a test; output goes to a log file beside its data. */
final class ChildNode implements AutoCloseable {

    final Process process;
    final URI baseUri;
    final String nodeId;

    private ChildNode(Process process, URI baseUri, String nodeId) {
        this.process = process;
        this.baseUri = baseUri;
        this.nodeId = nodeId;
    }

    static ChildNode start(ClusterBed bed, Path data, int clusterPort) {
        return start(bed, data, clusterPort, bed.members.stream().map(m -> "127.0.0.1:" + m.clusterPort()).toList());
    }

    /** Starts a member joining through {@code seeds}, with the bed's S3 store and replication settings. */
    static ChildNode start(ClusterBed bed, Path data, int clusterPort, List<String> seeds) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Xmx256m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Dorg.slf4j.simpleLogger.log.io.cairn.relay=info");
        cmd.add("-Dorg.slf4j.simpleLogger.log.io.cairn.router.ownership=debug");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(ChildNodeMain.class.getName());
        var s3 = bed.s3Options();
        cmd.addAll(List.of(data.toString(), String.valueOf(clusterPort), String.join(",", seeds),
                bed.clusterName, s3.endpoint(), s3.bucket(), s3.accessKey(), s3.secretKey(),
                String.valueOf(bed.replicas), String.valueOf(bed.quorum)));
        try {
            java.nio.file.Files.createDirectories(data);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            CompletableFuture<String> ready = new CompletableFuture<>();
            // Logs outlive the test's temporary directory, for reading after a failure.
            Path logs = java.nio.file.Files.createDirectories(Path.of("target", "child-logs"));
            Path log = logs.resolve(data.getFileName() + "-" + System.currentTimeMillis() + ".log");
            Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                     var out = java.nio.file.Files.newBufferedWriter(log)) {
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
                    // The process died; the ready future times out with the log's path.
                }
                ready.completeExceptionally(new IllegalStateException("child node exited before it was ready; see " + log));
            });
            String[] parts = ready.get(90, TimeUnit.SECONDS).split(" ");
            return new ChildNode(p, URI.create(parts[1]), parts[2]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("child node did not start: " + e.getMessage(), e);
        }
    }

    /** SIGSTOP / SIGCONT: the process freezes with its sockets open, as a hung or paused machine. */
    void signal(String sig) throws IOException, InterruptedException {
        Process k = new ProcessBuilder("kill", "-" + sig, String.valueOf(process.pid())).inheritIO().start();
        if (k.waitFor() != 0) {
            throw new IllegalStateException("kill -" + sig + " " + process.pid() + " failed");
        }
    }

    /** kill -9: no shutdown hook, no flush, sockets closed by the kernel. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
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
