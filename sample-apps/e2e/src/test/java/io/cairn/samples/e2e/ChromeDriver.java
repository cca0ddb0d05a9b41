package io.cairn.samples.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Headless Chromium, driven through a {@code chromedriver} process over the W3C WebDriver protocol
 * (JSON over HTTP) with the JDK's HTTP client and Jackson.
 *
 * <p>Why not Selenium: the tests need a dozen commands (new session, navigate, find, type, click,
 * read, run a script, screenshot), which are a few lines each over the wire protocol, while Selenium
 * brings many JARs and its own HTTP stack to the test classpath, and its browser manager would try
 * to download a browser, which CI cannot do. Here the browser is Debian's {@code chromium} and
 * {@code chromium-driver} packages, which CI installs.
 *
 * <p>{@link #close()} ends every session and then kills chromedriver and every process under it
 * (Chromium's), so nothing outlives a test, failed or not; a shutdown hook does the same if the
 * JVM exits first.
 */
final class ChromeDriver implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String ELEMENT_KEY = "element-6066-11e4-a52e-4f735466cecf";

    private final Process process;
    private final URI base;
    private final Thread reaper;
    private final List<Session> sessions = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private ChromeDriver(Process process, URI base) {
        this.process = process;
        this.base = base;
        this.reaper = new Thread(this::killProcesses, "chromedriver-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** The chromedriver binary: Debian's, else the first on the PATH. */
    static Optional<Path> driverBinary() {
        Path debian = Path.of("/usr/bin/chromedriver");
        if (Files.isExecutable(debian)) {
            return Optional.of(debian);
        }
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(java.io.File.pathSeparator)).filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "chromedriver")).filter(Files::isExecutable).findFirst();
    }

    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && driverBinary().isPresent();
    }

    /** Starts chromedriver on a free loopback port, logging to {@code log}, and waits until it is ready. */
    static ChromeDriver start(Path log) throws IOException {
        Path binary = driverBinary().orElseThrow(() -> new IllegalStateException("no chromedriver"));
        Files.createDirectories(log.getParent());
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) { // the free port may be taken before chromedriver binds it
            int port = freePort();
            Process process = new ProcessBuilder(binary.toString(), "--port=" + port, "--log-path=" + log)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.resolveSibling(log.getFileName() + ".out").toFile()))
                    .start();
            ChromeDriver driver = new ChromeDriver(process, URI.create("http://127.0.0.1:" + port + "/"));
            try {
                driver.awaitReady(Duration.ofSeconds(15));
                return driver;
            } catch (IOException e) {
                last = e;
                driver.close();
            }
        }
        throw last;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("chromedriver exited with " + process.exitValue());
            }
            try {
                HttpResponse<String> status = http.send(HttpRequest.newBuilder(base.resolve("status"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (status.statusCode() == 200 && Json.parse(status.body()).path("value").path("ready").asBoolean()) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            sleep(100);
        }
        throw new IOException("chromedriver not ready within " + timeout);
    }

    /** A new headless Chromium with its own profile in {@code profile} (a fresh directory). */
    Session newSession(Path profile) {
        List<String> args = List.of("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-extensions", "--window-size=1280,900",
                "--user-data-dir=" + profile);
        Map<String, Object> capabilities = Map.of("alwaysMatch", Map.of(
                "browserName", "chrome",
                "pageLoadStrategy", "normal",
                "goog:chromeOptions", Map.of("binary", CHROMIUM.toString(), "args", args),
                "goog:loggingPrefs", Map.of("browser", "ALL")));
        JsonNode created = command("POST", "session", Map.of("capabilities", capabilities));
        Session session = new Session(created.path("sessionId").asText());
        sessions.add(session);
        session.post("timeouts", Map.of("implicit", 0, "pageLoad", 30_000, "script", 10_000));
        return session;
    }

    private JsonNode command(String method, String path, Object body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(Json.write(body));
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("content-type", "application/json; charset=utf-8").method(method, publisher).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("WebDriver " + method + " /" + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        JsonNode value = Json.parse(response.body()).path("value");
        if (response.statusCode() != 200) {
            throw new WebDriverError(method + " /" + path + ": " + value.path("error").asText() + ": "
                    + value.path("message").asText());
        }
        return value;
    }

    @Override
    public void close() {
        for (Session session : sessions) {
            try {
                session.close();
            } catch (RuntimeException alreadyGone) {
                // the processes are killed below anyway
            }
        }
        killProcesses();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    /** Kills chromedriver and everything it started; the browsers first, before they are orphaned. */
    private void killProcesses() {
        List<ProcessHandle> descendants = new ArrayList<>(process.descendants().toList());
        descendants.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle child : descendants) {
            try {
                child.onExit().get(5, TimeUnit.SECONDS);
            } catch (Exception notYet) {
                child.destroyForcibly();
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A WebDriver command the browser refused: its error code and message. */
    static final class WebDriverError extends RuntimeException {
        WebDriverError(String message) {
            super(message);
        }
    }

    /** One browser (one WebDriver session) with its own profile. */
    final class Session implements AutoCloseable {

        private final String id;
        private boolean closed;

        private Session(String id) {
            this.id = id;
        }

        private JsonNode post(String path, Object body) {
            return command("POST", "session/" + id + "/" + path, body);
        }

        private JsonNode get(String path) {
            return command("GET", "session/" + id + "/" + path, null);
        }

        void open(URI url) {
            post("url", Map.of("url", url.toString()));
        }

        /** The element matching a CSS selector now; fails when there is none. */
        Element find(String css) {
            return new Element(post("element", Map.of("using", "css selector", "value", css)).path(ELEMENT_KEY).asText());
        }

        /** Runs {@code script} (a function body: {@code return ...}) in the page; its JSON result. */
        JsonNode script(String script, Object... args) {
            return post("execute/sync", Map.of("script", script, "args", List.of(args)));
        }

        byte[] screenshot() {
            return Base64.getDecoder().decode(get("screenshot").asText());
        }

        String pageSource() {
            return get("source").asText();
        }

        /** The page's console messages since the last call (a Chromium extension of the protocol). */
        String consoleLog() {
            StringBuilder out = new StringBuilder();
            for (JsonNode entry : post("se/log", Map.of("type", "browser"))) {
                out.append(entry.path("level").asText()).append(' ').append(entry.path("message").asText()).append('\n');
            }
            return out.toString();
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                command("DELETE", "session/" + id, null);
            }
        }

        /** An element of the page. */
        final class Element {

            private final String elementId;

            private Element(String elementId) {
                this.elementId = elementId;
            }

            private String path(String command) {
                return "element/" + elementId + (command.isEmpty() ? "" : "/" + command);
            }

            void click() {
                post(path("click"), Map.of());
            }

            void clear() {
                post(path("clear"), Map.of());
            }

            /** Types {@code text} key by key, as a user would, at the end of the field's text. */
            void type(String text) {
                post(path("value"), Map.of("text", text));
            }

            String text() {
                return get(path("text")).asText();
            }

            String property(String name) {
                return get(path("property/" + name)).asText();
            }

            String attribute(String name) {
                JsonNode value = get(path("attribute/" + name));
                return value.isNull() ? null : value.asText();
            }
        }
    }
}
