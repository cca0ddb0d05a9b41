package io.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.runtime.CairnNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup commands end to end: {@code cairn s3-dev} as a real process, {@code cairn node}
 * with the S3 flags pointing at it, and bookmark, restore and export through the CLI.
 */
class BackupCommandsTest {

    private static final String TOKEN = "backup-test-token-0123456789";

    @TempDir
    static Path dir;

    private static Process s3Dev;
    private static Path s3Out;
    private static Path s3Err;
    private static String endpoint;
    private static CairnNode node;
    private static String url;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startS3DevAndNode() throws Exception {
        TestPaths.s3proxyLib();
        s3Out = dir.resolve("s3-dev.out");
        s3Err = dir.resolve("s3-dev.err");
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        s3Dev = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcairn.home=" + TestPaths.repoRoot(), "-cp", classpath, CairnCli.class.getName(),
                "s3-dev", "--port", "0", "--dir", dir.resolve("s3").toString())
                .redirectOutput(s3Out.toFile()).redirectError(s3Err.toFile()).start();
        endpoint = awaitEndpoint();

        Cli.Parsed<NodeCommand> parsed = Cli.parse(NodeCommand.class, "node", "--data", dir.resolve("node").toString(),
                "--http-port", "0", "--cluster-port", "0", "--admin-token", TOKEN, "--s3-endpoint", endpoint, "--s3-bucket", "backups",
                "--s3-access-key", "cairn-dev", "--s3-secret-key", "cairn-dev-secret");
        node = parsed.command().start();
        url = node.baseUri().toString();
        assertThat(parsed.out().toString()).contains("object storage: s3://backups/ at " + endpoint);
        assertThat(parsed.err().toString()).doesNotContain("WARNING");
        Cli.Result deployed = Cli.run("deploy", TestPaths.counterJar().toString(), "--url", url, "--token", TOKEN);
        assertThat(deployed.exit()).as(deployed.err()).isZero();
    }

    /** The endpoint s3-dev prints once its server answers. */
    private static String awaitEndpoint() throws Exception {
        Pattern line = Pattern.compile("endpoint: +(http://\\S+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            String out = Files.readString(s3Out);
            Matcher m = line.matcher(out);
            if (m.find() && out.contains("Press Ctrl-C to stop.")) {
                assertThat(out).contains("access key:  cairn-dev").contains("secret key:  cairn-dev-secret")
                        .contains("data:        " + dir.resolve("s3"));
                return m.group(1);
            }
            assertThat(s3Dev.isAlive()).as("s3-dev is running; stderr: %s", Files.readString(s3Err)).isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("s3-dev printed no endpoint within 90 s; stdout: " + Files.readString(s3Out));
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
        if (s3Dev != null) {
            s3Dev.destroy();  // SIGTERM, as a service manager sends it
            assertThat(s3Dev.waitFor(60, TimeUnit.SECONDS)).as("s3-dev stopped on SIGTERM").isTrue();
            assertThat(s3Dev.exitValue()).as(Files.readString(s3Err)).isZero();
            assertThat(Files.readString(s3Err)).contains("cairn: stopped");
            // Its s3proxy child went with it: nothing answers on the port any more.
            assertThat(answers(endpoint)).as("the s3proxy child of s3-dev is gone").isFalse();
        }
    }

    private static boolean answers(String endpoint) {
        try {
            Http.get(URI.create(endpoint + "/"));
            return true;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String increment(String name) throws Exception {
        HttpResponse<String> r = Http.post(URI.create(url + "/objects/counter/" + encode(name) + "/increment"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return r.headers().firstValue("Cairn-Bookmark").orElseThrow();
    }

    private static String value(String name) throws Exception {
        return Http.get(URI.create(url + "/objects/counter/" + encode(name))).body();
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static Cli.Result cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--url", url, "--token", TOKEN));
        return Cli.run(all.toArray(String[]::new));
    }

    @Test
    void restoreToABookmarkAndUndoIt() throws Exception {
        List<String> bookmarks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            bookmarks.add(increment("round-trip"));
        }
        Cli.Result restored = cli("restore", "counter/round-trip", "--bookmark", bookmarks.get(0));
        assertThat(restored.exit()).as(restored.err()).isZero();
        assertThat(restored.err()).isEmpty();  // no terminal here, so no progress line
        assertThat(restored.out()).startsWith("restored counter/round-trip\n")
                .contains("restoredTo: " + bookmarks.get(0))
                .contains("undo:       " + bookmarks.get(2))
                .contains("undo with: cairn restore counter/round-trip --bookmark " + bookmarks.get(2));
        Matcher newState = Pattern.compile("bookmark: +(\\S+)").matcher(restored.out());
        assertThat(newState.find()).isTrue();
        assertThat(newState.group(1)).isGreaterThan(bookmarks.get(2));
        assertThat(value("round-trip")).isEqualTo("{\"value\":1}");

        Cli.Result undone = cli("restore", "counter/round-trip", "--bookmark", bookmarks.get(2), "--json");
        assertThat(undone.exit()).as(undone.err()).isZero();
        assertThat(AdminClient.JSON.readTree(undone.out()).path("restoredTo").asText()).isEqualTo(bookmarks.get(2));
        assertThat(value("round-trip")).isEqualTo("{\"value\":3}");
    }

    @Test
    void bookmarkAtATimeAndRestoreToThatTime() throws Exception {
        String first = increment("by-time");
        Thread.sleep(30);
        Instant between = Instant.now();
        Thread.sleep(30);
        increment("by-time");

        Cli.Result bookmark = cli("bookmark", "counter/by-time", "--at", between.toString());
        assertThat(bookmark.exit()).as(bookmark.err()).isZero();
        assertThat(bookmark.out()).isEqualTo(first + "\n");

        Cli.Result restored = cli("restore", "counter/by-time", "--at", between.toString());
        assertThat(restored.exit()).as(restored.err()).isZero();
        assertThat(restored.out()).contains("restoredTo: " + first);
        assertThat(value("by-time")).isEqualTo("{\"value\":1}");

        Cli.Result tooEarly = cli("bookmark", "counter/by-time", "--at", "2001-01-01T00:00:00Z");
        assertThat(tooEarly.exit()).isEqualTo(1);
        assertThat(tooEarly.err()).startsWith("cairn: ").contains("no state");
    }

    @Test
    void exportWritesTheDatabaseAsASqliteFile() throws Exception {
        String name = "files/ex 1 \u00e9";  // a '/' (percent-encoded in the path), a space, non-ASCII
        for (int i = 0; i < 7; i++) {
            increment(name);
        }
        Path file = tmp.resolve("export.sqlite");
        Cli.Result r = cli("export", "counter/" + name, "-o", file.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        long size = Files.size(file);
        assertThat(r.out()).startsWith("exported counter/" + name + " (").contains(size + " bytes").endsWith(" to " + file + "\n");
        assertThat(counterValue(file)).isEqualTo(7);
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).containsExactly(file);  // the temporary file was renamed, nothing else is left
        }

        // Again over the existing file, after another write.
        increment(name);
        assertThat(cli("export", "counter/" + name, "-o", file.toString()).exit()).isZero();
        assertThat(counterValue(file)).isEqualTo(8);
    }

    @Test
    void exportToStandardOutputWritesOnlyTheDatabaseThere() throws Exception {
        increment("to-stdout");
        Cli.Parsed<ExportCommand> parsed = Cli.parse(ExportCommand.class, "export", "counter/to-stdout", "-o", "-",
                "--url", url, "--token", TOKEN);
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        parsed.command().stdout = stdout;
        assertThat(parsed.command().call()).isZero();
        Path copy = Files.write(tmp.resolve("from-stdout.sqlite"), stdout.toByteArray());
        assertThat(counterValue(copy)).isEqualTo(1);
        assertThat(parsed.out().toString()).isEmpty();
        assertThat(parsed.err().toString()).contains("exported counter/to-stdout").contains("to standard output");
    }

    @Test
    void aClosedStandardOutputIsAnErrorNotASilentSuccess() throws Exception {
        increment("closed-pipe");
        Cli.Parsed<ExportCommand> parsed = Cli.parse(ExportCommand.class, "export", "counter/closed-pipe", "-o", "-",
                "--url", url, "--token", TOKEN);
        parsed.command().stdout = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        });
        assertThatThrownBy(() -> parsed.command().call()).isInstanceOf(CliException.class)
                .hasMessageContaining("standard output failed").hasMessageContaining("closed early");
    }

    @Test
    void aFailedExportLeavesNoFile() throws Exception {
        Path file = tmp.resolve("never.sqlite");
        Cli.Result unknown = cli("export", "nosuchns/x", "-o", file.toString());
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).startsWith("cairn: ");
        assertThat(file).doesNotExist();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }

        Cli.Result noDir = cli("export", "counter/x", "-o", tmp.resolve("missing/dir/x.sqlite").toString());
        assertThat(noDir.exit()).isEqualTo(1);
        assertThat(noDir.err()).contains("missing/dir").contains("does not exist");
    }

    @Test
    void theServersReasonIsShownForARefusedRestore() {
        Cli.Result r = cli("restore", "counter/round-trip-refused", "--bookmark", "not-a-bookmark");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("cairn: ");
        assertThat(r.out()).isEmpty();
    }

    private static long counterValue(Path file) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT value FROM counter WHERE id = 1")) {
            assertThat(rs.next()).isTrue();
            return rs.getLong(1);
        }
    }
}
