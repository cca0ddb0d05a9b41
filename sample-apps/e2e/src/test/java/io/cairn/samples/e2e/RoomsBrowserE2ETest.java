package io.cairn.samples.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.runtime.TestNode;
import io.cairn.samples.e2e.ChromeDriver.Session;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rooms page ({@code GET /apps/rooms/}, served from rooms.jar's assets) in two headless
 * Chromium browsers: each sees what the other types, in the chat and in the shared document.
 * Skipped only when Chromium or chromedriver is not installed; CI installs both.
 */
class RoomsBrowserE2ETest {

    private static final Duration PATIENCE = Duration.ofSeconds(15);
    /** Control down, End, Control up, in WebDriver's key codes: the caret to the end of the text. */
    private static final String CTRL_END = "\uE009\uE010\uE009";
    /** Where the contract serves the page. */
    private static final String PAGE = "/apps/rooms/";

    @TempDir
    Path temp;
    TestNode node;
    ChromeDriver driver;
    final Map<String, Session> browsers = new LinkedHashMap<>();

    /** On failure, before the browsers close: a screenshot, the page and its console log, per browser, in target/. */
    @RegisterExtension
    final AfterTestExecutionCallback evidence = context -> {
        if (context.getExecutionException().isPresent()) {
            saveEvidence(context.getRequiredTestMethod().getName());
        }
    };

    @BeforeEach
    void start() throws IOException {
        Assumptions.assumeTrue(ChromeDriver.installed(), "the browser test needs " + ChromeDriver.CHROMIUM
                + " and chromedriver: install them with `apt-get install chromium chromium-driver` (CI does)");
        node = TestNode.start(temp.resolve("node"));
        node.deploy(AppJars.rooms());
        driver = ChromeDriver.start(reports().resolve("chromedriver.log"));
    }

    @AfterEach
    void stop() {
        try {
            if (driver != null) {
                driver.close();
            }
        } finally {
            if (node != null) {
                Nodes.closeAfterSockets(node);
            }
        }
    }

    private static Path reports() {
        return Path.of(System.getProperty("cairn.e2e.reports", "target/e2e-reports"));
    }

    private Session browser(String name) throws IOException {
        Session session = driver.newSession(Files.createDirectories(temp.resolve("profile-" + name)));
        browsers.put(name, session);
        return session;
    }

    /** Opens the page and joins {@code room} as {@code user} through the join form. */
    private void join(Session browser, String room, String user) {
        browser.open(node.uri(PAGE));
        var roomName = browser.find("#room-name");
        roomName.clear();
        roomName.type(room);
        browser.find("#user-name").type(user);
        browser.find("#join button[type=submit]").click();
        eventually(() -> assertThat(browser.find("#status").attribute("data-state")).isEqualTo("online"));
        assertThat(browser.find("#room-title").text()).isEqualTo(room);
    }

    private static void say(Session browser, String text) {
        browser.find("#say-text").type(text);
        browser.find("#say button[type=submit]").click();
    }

    /** The chat as shown: "user: text" per message. */
    private static List<String> chat(Session browser) {
        List<String> lines = new ArrayList<>();
        browser.script("""
                return [...document.querySelectorAll('#messages li:not(.empty)')]
                    .map(li => li.querySelector('.who').textContent + ': ' + li.querySelector('.text').textContent);""")
                .forEach(line -> lines.add(line.asText()));
        return lines;
    }

    private static List<String> people(Session browser) {
        List<String> names = new ArrayList<>();
        browser.script("return [...document.querySelectorAll('#people li')].map(li => li.textContent);")
                .forEach(name -> names.add(name.asText()));
        return names;
    }

    private static String documentText(Session browser) {
        return browser.find("#document").property("value");
    }

    private static void eventually(ThrowingRunnable assertion) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(100)).untilAsserted(assertion);
    }

    @Test
    void twoBrowsersSeeEachOthersChatAndDocumentEdits() throws Exception {
        HttpResponse<String> page = node.get(PAGE);
        assertThat(page.statusCode()).as("GET %s (location: %s)", PAGE, page.headers().firstValue("location").orElse("none"))
                .isEqualTo(200);
        assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");

        Session ada = browser("ada");
        Session bob = browser("bob");
        join(ada, "browser-room", "Ada");
        join(bob, "browser-room", "Bob");
        eventually(() -> assertThat(people(ada)).containsExactly("Ada (you)", "Bob"));
        eventually(() -> assertThat(people(bob)).containsExactly("Ada", "Bob (you)"));
        assertThat(bob.find("#people-count").text()).isEqualTo("2");

        // Chat: each sees what the other typed, in the order the room took it.
        say(ada, "Hello from Ada");
        eventually(() -> assertThat(chat(bob)).containsExactly("Ada: Hello from Ada"));
        say(bob, "Hi Ada, Bob here");
        eventually(() -> assertThat(chat(ada)).containsExactly("Ada: Hello from Ada", "Bob: Hi Ada, Bob here"));
        eventually(() -> assertThat(chat(bob)).containsExactly("Ada: Hello from Ada", "Bob: Hi Ada, Bob here"));
        assertThat(ada.find("#say-text").property("value")).isEmpty();

        // The shared document: typing in one textarea appears in the other.
        ada.find("#document").type("Shared notes.");
        eventually(() -> assertThat(documentText(bob)).isEqualTo("Shared notes."));
        bob.find("#document").type(" Bob adds a line.");
        String sequential = "Shared notes. Bob adds a line.";
        eventually(() -> assertThat(documentText(ada)).isEqualTo(sequential));

        // Both typing at once at the end of the text (Ctrl+End first: Ada's caret stayed where she
        // stopped typing, before Bob's line). Both converge on the room's text, which keeps every
        // keystroke of each, each person's in the order they typed them.
        CompletableFuture<Void> adaTyping = CompletableFuture.runAsync(() -> ada.find("#document").type(CTRL_END + " [ada]"));
        CompletableFuture<Void> bobTyping = CompletableFuture.runAsync(() -> bob.find("#document").type(CTRL_END + " [bob]"));
        CompletableFuture.allOf(adaTyping, bobTyping).join();
        eventually(() -> {
            JsonNode document = Http.json(node.get("/objects/rooms/browser-room/document"), 200);
            String text = document.path("text").asText();
            assertThat(text).startsWith(sequential).hasSize(sequential.length() + 12);
            assertThat(isInterleaving(text.substring(sequential.length()), " [ada]", " [bob]"))
                    .as("'%s' interleaves ' [ada]' and ' [bob]'", text).isTrue();
            assertThat(documentText(ada)).isEqualTo(text);
            assertThat(documentText(bob)).isEqualTo(text);
            // Nothing left unacknowledged, and both at the room's version.
            assertThat(ada.find("#doc-status").text()).matches("saved · v" + document.path("version").asLong() + "( · .*)?");
            assertThat(bob.find("#doc-status").text()).matches("saved · v" + document.path("version").asLong() + "( · .*)?");
        });

        // The room kept the chat, and leaving updates the other's presence.
        JsonNode messages = Http.json(node.get("/objects/rooms/browser-room/messages"), 200).path("messages");
        assertThat(messages).hasSize(2);
        assertThat(messages.get(1).path("user").asText()).isEqualTo("Bob");
        bob.find("#leave").click();
        eventually(() -> assertThat(people(ada)).containsExactly("Ada (you)"));
    }

    /** Whether {@code text} is {@code a} and {@code b} interleaved, each in its own order. */
    static boolean isInterleaving(String text, String a, String b) {
        if (text.length() != a.length() + b.length()) {
            return false;
        }
        boolean[][] can = new boolean[a.length() + 1][b.length() + 1];
        can[0][0] = true;
        for (int i = 0; i <= a.length(); i++) {
            for (int j = 0; j <= b.length(); j++) {
                char c = i + j > 0 ? text.charAt(i + j - 1) : 0;
                if (i > 0 && can[i - 1][j] && a.charAt(i - 1) == c) {
                    can[i][j] = true;
                }
                if (j > 0 && can[i][j - 1] && b.charAt(j - 1) == c) {
                    can[i][j] = true;
                }
            }
        }
        return can[a.length()][b.length()];
    }

    private void saveEvidence(String test) {
        for (Map.Entry<String, Session> browser : browsers.entrySet()) {
            String prefix = test + "-" + browser.getKey();
            try {
                Files.createDirectories(reports());
                Files.write(reports().resolve(prefix + ".png"), browser.getValue().screenshot());
                Files.writeString(reports().resolve(prefix + ".html"), browser.getValue().pageSource(), StandardCharsets.UTF_8);
                Files.writeString(reports().resolve(prefix + "-console.log"), browser.getValue().consoleLog(), StandardCharsets.UTF_8);
                System.err.println("browser evidence of " + test + " saved as " + reports().toAbsolutePath().resolve(prefix) + ".*");
            } catch (IOException | RuntimeException e) {
                System.err.println("could not save the browser evidence " + prefix + ": " + e);
            }
        }
    }
}
