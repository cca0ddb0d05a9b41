package io.cairn.samples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.runtime.TestNode;
import io.cairn.runtime.TestSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One WebSocket connection to a room of rooms.jar, speaking its JSON protocol (see the rooms README). */
final class RoomClient implements AutoCloseable {

    private final TestSocket socket;

    private RoomClient(TestSocket socket) {
        this.socket = socket;
    }

    /** Connects to {@code room}, named {@code user} from the start (or unnamed when null). */
    static RoomClient connect(TestNode node, String room, String user) {
        String path = "/objects/rooms/" + URLEncoder.encode(room, StandardCharsets.UTF_8) + "/ws"
                + (user == null ? "" : "?user=" + URLEncoder.encode(user, StandardCharsets.UTF_8));
        return new RoomClient(TestSocket.open(node, path));
    }

    /** The next message as sent (for {@code pong}, which is not JSON), within 10 s. */
    String nextRaw() {
        return socket.next();
    }

    JsonNode next() {
        return Json.parse(socket.next());
    }

    /** The next message, which must be of {@code type}. */
    JsonNode expect(String type) {
        JsonNode message = next();
        assertThat(message.path("type").asText()).as("type of the next message, " + message).isEqualTo(type);
        return message;
    }

    /** What a connection receives first: the history, then the document. Returns the history's messages. */
    JsonNode expectWelcome(long documentVersion, String documentText) {
        JsonNode history = expect("history").path("messages");
        assertThat(history.isArray()).as("history messages").isTrue();
        expectDocument(documentVersion, documentText);
        return history;
    }

    void expectDocument(long version, String text) {
        JsonNode document = expect("document");
        assertThat(document.path("version").asLong()).as("document version in " + document).isEqualTo(version);
        assertThat(document.path("text").asText()).as("document text in " + document).isEqualTo(text);
    }

    void expectPresence(String... users) {
        assertThat(users(expect("presence"))).containsExactly(users);
    }

    /** A chat message from {@code user}; returns its id. */
    long expectMessage(String user, String text) {
        JsonNode message = expect("message");
        assertThat(message.path("user").asText()).as("user in " + message).isEqualTo(user);
        assertThat(message.path("text").asText()).as("text in " + message).isEqualTo(text);
        return message.path("id").asLong();
    }

    static List<String> users(JsonNode presence) {
        List<String> users = new ArrayList<>();
        presence.path("users").forEach(u -> users.add(u.asText()));
        return users;
    }

    void say(String user, String text) {
        send(Map.of("type", "say", "user", user, "text", text));
    }

    void edit(long version, Object... ops) {
        send(Map.of("type", "edit", "version", version, "ops", List.of(ops)));
    }

    void send(Object message) {
        socket.send(Json.write(message));
    }

    void sendRaw(String text) {
        socket.send(text);
    }

    @Override
    public void close() {
        socket.close();
    }
}
