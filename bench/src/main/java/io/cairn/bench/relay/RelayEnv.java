package io.cairn.bench.relay;

import io.cairn.bench.Report;
import io.cairn.relay.store.EmbeddedS3;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** What the relay benchmarks share: the embedded S3 server, CPU clocks, the admin flush route. */
final class RelayEnv {

    static final String BUCKET = "cairn-bench";

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private RelayEnv() {
    }

    /** s3proxy in a child JVM on loopback; jars from -Dcairn.s3proxy.lib (run-relay.sh sets it). */
    static EmbeddedS3 startS3(Path dataDir) {
        long t0 = System.nanoTime();
        EmbeddedS3 s3 = EmbeddedS3.start(dataDir, "127.0.0.1", 0, EmbeddedS3.defaultLibDir());
        Report.progress("s3proxy up at %s in %d ms (pid %s)", s3.endpoint(), (System.nanoTime() - t0) / 1_000_000,
                s3ProxyProcess().map(p -> String.valueOf(p.pid())).orElse("?"));
        return s3;
    }

    /** The s3proxy child JVM of this process, if it can be found. */
    static Optional<ProcessHandle> s3ProxyProcess() {
        return ProcessHandle.current().children()
                .filter(p -> p.info().commandLine().map(c -> c.contains("S3ProxyChild")).orElse(false))
                .findFirst();
    }

    /** CPU time of the s3proxy child in nanoseconds, or -1. */
    static long s3CpuNanos() {
        return s3ProxyProcess().flatMap(p -> p.info().totalCpuDuration()).map(Duration::toNanos).orElse(-1L);
    }

    /**
     * {@code GET /admin/v1/objects/{ns}/{name}/bookmark?at=now}: the relay flushes the object (seals and
     * uploads what is pending), then lists its history to name the bookmark.
     */
    static void flush(URI base, String adminToken, String namespace, String name) {
        String at = URLEncoder.encode(Instant.now().toString(), StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/admin/v1/objects/" + namespace + "/" + name
                        + "/bookmark?at=" + at))
                .header("Authorization", "Bearer " + adminToken).timeout(Duration.ofSeconds(120)).GET().build();
        try {
            HttpResponse<String> r = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("flush of " + namespace + "/" + name + ": " + r.statusCode() + " " + r.body());
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
