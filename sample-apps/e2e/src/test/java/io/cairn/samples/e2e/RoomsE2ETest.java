package io.cairn.samples.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cairn.api.ObjectId;
import io.cairn.runtime.TestNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rooms.jar on a real node, over real WebSockets: chat, presence, the shared document, hibernation. */
class RoomsE2ETest {

    @TempDir
    Path data;
    TestNode node;

    @BeforeEach
    void start() {
        node = TestNode.start(data);
        node.deploy(AppJars.rooms());
    }

    @AfterEach
    void stop() {
        Nodes.closeAfterSockets(node);
    }

    private void evictAndWait(String room) {
        ObjectId id = new ObjectId("rooms", room);
        assertThat(node.node().host().isLive(id)).as("room %s is live before eviction", room).isTrue();
        node.node().host().evict(id);
        await().atMost(Duration.ofSeconds(5)).until(() -> !node.node().host().isLive(id));
    }

    private boolean isLive(String room) {
        return node.node().host().isLive(new ObjectId("rooms", room));
    }

    /** Receives the same chat message on every client; returns it. */
    private static JsonNode sameMessageOnAll(String user, String text, RoomClient... clients) {
        List<JsonNode> copies = new ArrayList<>();
        for (RoomClient client : clients) {
            JsonNode message = client.expect("message");
            assertThat(message.path("user").asText()).isEqualTo(user);
            assertThat(message.path("text").asText()).isEqualTo(text);
            assertThat(Instant.parse(message.path("at").asText())).isBefore(Instant.now().plusSeconds(1));
            copies.add(message);
        }
        assertThat(copies).allSatisfy(copy -> assertThat(copy).isEqualTo(copies.getFirst()));
        return copies.getFirst();
    }

    /** The next two messages of {@code client}: an ack and an edit, in either order; their versions by type. */
    private static Map<String, Long> ackAndEditVersions(RoomClient client) {
        Map<String, Long> versions = new TreeMap<>();
        for (int i = 0; i < 2; i++) {
            JsonNode message = client.next();
            versions.put(message.path("type").asText(), message.path("version").asLong());
        }
        assertThat(versions.keySet()).containsExactly("ack", "edit");
        return versions;
    }

    @Test
    void twoClientsSeeEachOthersMessagesWithIdsRisingByOne() {
        try (RoomClient ada = RoomClient.connect(node, "lobby", "ada")) {
            assertThat(ada.expectWelcome(0, "")).isEmpty();
            ada.expectPresence("ada");
            try (RoomClient bob = RoomClient.connect(node, "lobby", "bob")) {
                assertThat(bob.expectWelcome(0, "")).isEmpty();
                bob.expectPresence("ada", "bob");
                ada.expectPresence("ada", "bob");

                ada.say("ada", "hi bob");
                assertThat(sameMessageOnAll("ada", "hi bob", ada, bob).path("id").asLong()).isEqualTo(1);
                bob.say("bob", "hello ada");
                assertThat(sameMessageOnAll("bob", "hello ada", ada, bob).path("id").asLong()).isEqualTo(2);
                // A named connection speaks under its own name, whatever "user" the message claims.
                bob.say("ada", "  not really ada  ");
                assertThat(sameMessageOnAll("bob", "not really ada", ada, bob).path("id").asLong()).isEqualTo(3);
            }
            ada.expectPresence("ada");
        }
        JsonNode messages = Http.json(node.get("/objects/rooms/lobby/messages"), 200).path("messages");
        List<String> lines = new ArrayList<>();
        messages.forEach(m -> lines.add(m.path("id").asLong() + " " + m.path("user").asText() + ": " + m.path("text").asText()));
        assertThat(lines).containsExactly("1 ada: hi bob", "2 bob: hello ada", "3 bob: not really ada");
        // Another room has its own history and its own ids.
        assertThat(Http.json(node.get("/objects/rooms/elsewhere/messages"), 200).path("messages")).isEmpty();
    }

    @Test
    void presenceIsSentToEveryoneOnJoinAndLeave() {
        try (RoomClient ada = RoomClient.connect(node, "team", "ada")) {
            ada.expectWelcome(0, "");
            ada.expectPresence("ada");
            try (RoomClient unnamed = RoomClient.connect(node, "team", null)) {
                // A connection without a name is not present, and its arrival is not announced.
                unnamed.expectWelcome(0, "");
                unnamed.send(Map.of("type", "join", "user", "carol"));
                ada.expectPresence("ada", "carol");
                unnamed.expectPresence("ada", "carol");

                try (RoomClient bob = RoomClient.connect(node, "team", "bob")) {
                    bob.expectWelcome(0, "");
                    for (RoomClient client : List.of(bob, ada, unnamed)) {
                        client.expectPresence("ada", "bob", "carol");
                    }
                }
                ada.expectPresence("ada", "carol");
                unnamed.expectPresence("ada", "carol");

                // Two connections with the same name are listed once.
                try (RoomClient ada2 = RoomClient.connect(node, "team", "ada")) {
                    ada2.expectWelcome(0, "");
                    ada2.expectPresence("ada", "carol");
                    ada.expectPresence("ada", "carol");
                    unnamed.expectPresence("ada", "carol");
                }
                ada.expectPresence("ada", "carol");
            }
            ada.expectPresence("ada");
        }
    }

    @Test
    void aJoinerGetsTheHistoryFirst() {
        try (RoomClient ada = RoomClient.connect(node, "history", "ada")) {
            ada.expectWelcome(0, "");
            ada.expectPresence("ada");
            List<JsonNode> said = new ArrayList<>();
            for (String text : List.of("one", "two", "three")) {
                ada.say("ada", text);
                said.add(ada.expect("message"));
            }
            try (RoomClient carol = RoomClient.connect(node, "history", "carol")) {
                JsonNode history = carol.expect("history").path("messages");
                assertThat(history).hasSize(3);
                for (int i = 0; i < 3; i++) {
                    JsonNode expected = said.get(i).deepCopy();
                    ((ObjectNode) expected).remove("type");
                    assertThat(history.get(i)).isEqualTo(expected);
                    assertThat(history.get(i).path("id").asLong()).isEqualTo(i + 1);
                }
                carol.expectDocument(0, "");
                carol.expectPresence("ada", "carol");
                ada.expectPresence("ada", "carol");
            }
        }
    }

    @Test
    void sharedDocumentEditsReachTheOtherClientAndArePersisted() {
        try (RoomClient ada = RoomClient.connect(node, "doc", "ada");
             RoomClient bob = RoomClient.connect(node, "doc", "bob")) {
            ada.expectWelcome(0, "");
            ada.expectPresence("ada");
            ada.expectPresence("ada", "bob");
            bob.expectWelcome(0, "");
            bob.expectPresence("ada", "bob");

            ada.edit(0, "hello");
            assertThat(ada.expect("ack").path("version").asLong()).isEqualTo(1);
            JsonNode toBob = bob.expect("edit");
            assertThat(toBob.path("version").asLong()).isEqualTo(1);
            assertThat(toBob.path("user").asText()).isEqualTo("ada");
            assertThat(toBob.path("ops")).isEqualTo(Json.parse("[\"hello\"]"));

            bob.edit(1, 5, " world");
            assertThat(bob.expect("ack").path("version").asLong()).isEqualTo(2);
            JsonNode toAda = ada.expect("edit");
            assertThat(toAda.path("version").asLong()).isEqualTo(2);
            assertThat(toAda.path("user").asText()).isEqualTo("bob");
            assertThat(toAda.path("ops")).isEqualTo(Json.parse("[5,\" world\"]"));

            // Concurrent edits, both made on version 2: the room transforms the later one, both land.
            ada.edit(2, "A", 11);
            bob.edit(2, 11, "!");
            // Each gets an ack for its own and the other's edit, in the order the room took them.
            Map<String, Long> adaSaw = ackAndEditVersions(ada);
            Map<String, Long> bobSaw = ackAndEditVersions(bob);
            assertThat(Set.of(adaSaw.get("ack"), bobSaw.get("ack"))).containsExactlyInAnyOrder(3L, 4L);
            assertThat(adaSaw.get("edit")).isEqualTo(bobSaw.get("ack"));
            assertThat(bobSaw.get("edit")).isEqualTo(adaSaw.get("ack"));

            // The author gets no echo of its own edit: the next thing each sees is this chat message.
            ada.say("ada", "done");
            ada.expectMessage("ada", "done");
            bob.expectMessage("ada", "done");
        }
        JsonNode document = Http.json(node.get("/objects/rooms/doc/document"), 200);
        assertThat(document.path("version").asLong()).isEqualTo(4);
        assertThat(document.path("text").asText()).isEqualTo("Ahello world!");

        // Persisted: a fresh instance of the room reads it back from its database.
        evictAndWait("doc");
        try (RoomClient carol = RoomClient.connect(node, "doc", "carol")) {
            carol.expectWelcome(4, "Ahello world!");
            carol.expectPresence("carol");
            // An edit that does not fit its version is refused and the client gets the document afresh.
            carol.edit(4, 3);
            assertThat(carol.expect("error").path("code").asText()).isEqualTo("bad_edit");
            carol.expectDocument(4, "Ahello world!");
        }
    }

    @Test
    void messagesSurviveTheRoomBeingEvictedAndReactivated() {
        try (RoomClient ada = RoomClient.connect(node, "durable", "ada")) {
            ada.expectWelcome(0, "");
            ada.expectPresence("ada");
            ada.say("ada", "before eviction");
            assertThat(ada.expectMessage("ada", "before eviction")).isEqualTo(1);

            evictAndWait("durable");
            // The socket stayed open; the message wakes a new instance, which finds the name in the
            // socket's attachment (not the claimed "user") and the next id in the database.
            ada.say("mallory", "after eviction");
            assertThat(ada.expectMessage("ada", "after eviction")).isEqualTo(2);
            assertThat(isLive("durable")).isTrue();

            evictAndWait("durable");
            try (RoomClient carol = RoomClient.connect(node, "durable", "carol")) {
                JsonNode history = carol.expectWelcome(0, "");
                List<String> lines = new ArrayList<>();
                history.forEach(m -> lines.add(m.path("id").asLong() + " " + m.path("user").asText() + ": " + m.path("text").asText()));
                assertThat(lines).containsExactly("1 ada: before eviction", "2 ada: after eviction");
                carol.expectPresence("ada", "carol");
                ada.expectPresence("ada", "carol");
                carol.say("carol", "hello");
                assertThat(sameMessageOnAll("carol", "hello", ada, carol).path("id").asLong()).isEqualTo(3);
            }
        }
    }

    @Test
    void pingIsAnsweredPongWithoutWakingTheRoom() {
        try (RoomClient ada = RoomClient.connect(node, "quiet", "ada")) {
            ada.expectWelcome(0, "");
            ada.expectPresence("ada");
            evictAndWait("quiet");

            ada.sendRaw("ping");
            assertThat(ada.nextRaw()).isEqualTo("pong");
            ada.sendRaw("ping");
            assertThat(ada.nextRaw()).isEqualTo("pong");
            assertThat(isLive("quiet")).isFalse();

            ada.say("ada", "awake");
            ada.expectMessage("ada", "awake");
            assertThat(isLive("quiet")).isTrue();
        }
    }

    @Test
    void badMessagesGetAnErrorAndChangeNothing() {
        try (RoomClient unnamed = RoomClient.connect(node, "strict", null)) {
            unnamed.expectWelcome(0, "");
            unnamed.send(Map.of("type", "say", "text", "who am I"));
            assertThat(unnamed.expect("error").path("code").asText()).isEqualTo("join_first");
            unnamed.edit(0, "x");
            assertThat(unnamed.expect("error").path("code").asText()).isEqualTo("join_first");
            // A first "say" names the connection (announced to all) even when its text is then refused.
            unnamed.say("ada", "   ");
            unnamed.expectPresence("ada");
            assertThat(unnamed.expect("error").path("code").asText()).isEqualTo("bad_text");
            unnamed.sendRaw("not json");
            assertThat(unnamed.expect("error").path("code").asText()).isEqualTo("bad_message");
            unnamed.send(Map.of("type", "shout"));
            assertThat(unnamed.expect("error").path("code").asText()).isEqualTo("unknown_type");
            unnamed.say("ada", "x".repeat(4001));
            assertThat(unnamed.expect("error").path("code").asText()).isEqualTo("bad_text");
            unnamed.say("ada", "fine");
            assertThat(unnamed.expectMessage("ada", "fine")).isEqualTo(1);
        }
        // Over plain HTTP the socket route asks for an upgrade.
        Http.error(node.get("/objects/rooms/strict/ws"), 426, "upgrade_required");
    }
}
