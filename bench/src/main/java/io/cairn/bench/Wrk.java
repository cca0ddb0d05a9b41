package io.cairn.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * wrk as a child process, as in {@code io.cairn.bench.HttpBench} (whose runner is package-private there),
 * except that the script walks an explicit list of object names: the cluster benchmark picks names by
 * owner, so they are not {@code c0..cN}. Public for the replication benchmark, which drives one object.
 */
public final class Wrk {

    /** What one wrk run reported; latencies in milliseconds. */
    public record Run(double rps, double p50ms, double p99ms, long non2xx, long socketErrors, long requests) {
        public long errors() {
            return non2xx + socketErrors;
        }
    }

    private final String binary;
    private final int threads;
    private final int connections;

    public Wrk(String binary, int threads, int connections) {
        this.binary = binary;
        this.threads = threads;
        this.connections = connections;
    }

    public int threads() {
        return threads;
    }

    public int connections() {
        return connections;
    }

    /**
     * A script sending {@code method} to {@code /objects/<ns>/<name><suffix>} for the names round-robin,
     * each wrk thread from its own offset (so two threads do not hit the same object in lockstep).
     */
    public static Path script(Path dir, String file, String method, String namespace, List<String> names, String suffix)
            throws IOException {
        String table = names.stream().map(n -> "\"" + n + "\"").collect(Collectors.joining(","));
        String lua = String.format(Locale.ROOT, """
                local names = {%s}
                local threads = 0
                function setup(thread)
                  thread:set("offset", threads * 37)
                  threads = threads + 1
                end
                local i = 0
                local body = %s
                function init(args)
                  i = offset or 0
                end
                function request()
                  i = (i %% #names) + 1
                  return wrk.format("%s", "/objects/%s/" .. names[i] .. "%s", nil, body)
                end
                """, table, method.equals("POST") ? "\"\"" : "nil", method, namespace, suffix);
        Path p = dir.resolve(file);
        Files.writeString(p, lua, StandardCharsets.UTF_8);
        return p;
    }

    /** A script sending {@code method path} with {@code body} (ASCII, no quotes or backslashes) on every request. */
    public static Path script(Path dir, String file, String method, String path, String body) throws IOException {
        if (!body.matches("[ -~&&[^\"\\\\]]*")) {
            throw new IllegalArgumentException("body must be printable ASCII without quotes or backslashes");
        }
        String lua = String.format(Locale.ROOT, """
                local body = "%s"
                function request()
                  return wrk.format("%s", "%s", {["Content-Type"] = "text/plain"}, body)
                end
                """, body, method, path);
        Path p = dir.resolve(file);
        Files.writeString(p, lua, StandardCharsets.UTF_8);
        return p;
    }

    public Run run(Path script, int port, int seconds) throws IOException, InterruptedException {
        List<String> cmd = List.of(binary, "-t" + threads, "-c" + connections, "-d" + seconds + "s", "--timeout", "5s",
                "--latency", "-s", script.toString(), "http://127.0.0.1:" + port);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out;
        try (var in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("wrk did not finish: " + cmd);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("wrk failed (exit " + p.exitValue() + "): " + text);
        }
        return parse(text);
    }

    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern PCT = Pattern.compile("^\\s+(50|99)%\\s+([0-9.]+)(us|ms|s)\\s*$", Pattern.MULTILINE);
    private static final Pattern NON2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+(\\d+)");
    private static final Pattern SOCKET = Pattern.compile(
            "Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");
    private static final Pattern TOTAL = Pattern.compile("(\\d+) requests in");

    public static Run parse(String text) {
        Matcher m = RPS.matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("cannot read wrk's output:\n" + text);
        }
        double p50 = Double.NaN;
        double p99 = Double.NaN;
        Matcher pm = PCT.matcher(text);
        while (pm.find()) {
            double v = Double.parseDouble(pm.group(2));
            double ms = switch (pm.group(3)) {
                case "us" -> v / 1000;
                case "ms" -> v;
                default -> v * 1000;
            };
            if (pm.group(1).equals("50")) {
                p50 = ms;
            } else {
                p99 = ms;
            }
        }
        Matcher n = NON2XX.matcher(text);
        long non2xx = n.find() ? Long.parseLong(n.group(1)) : 0;
        long socket = 0;
        Matcher s = SOCKET.matcher(text);
        if (s.find()) {
            for (int g = 1; g <= 4; g++) {
                socket += Long.parseLong(s.group(g));
            }
        }
        Matcher tm = TOTAL.matcher(text);
        long total = tm.find() ? Long.parseLong(tm.group(1)) : -1;
        return new Run(Double.parseDouble(m.group(1)), p50, p99, non2xx, socket, total);
    }
}
