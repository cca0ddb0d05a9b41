package io.cairn.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.ObjectId;
import io.cairn.runtime.TestApps.Ns;
import io.cairn.runtime.testapps.SocketObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hibernatable WebSockets: sockets outlive their object's instance. */
class WebSocketTest {

    @TempDir
    Path data;
    TestNode node;
    final ObjectId room = new ObjectId("sock", "room");

    @BeforeEach
    void start() {
        node = TestNode.start(data);
        node.deploy(TestApps.jar("sockets", Ns.of("sock", SocketObject.class)));
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private void evictAndWait() {
        node.node().host().evict(room);
        await().atMost(Duration.ofSeconds(5)).until(() -> !node.node().host().isLive(room));
    }

    @Test
    void messageWakesAHibernatedObjectAndTheAttachmentSurvives() {
        try (TestSocket ws = TestSocket.open(node, "/objects/sock/room/ws?user=ada")) {
            assertThat(ws.next()).isEqualTo("welcome");
            evictAndWait();
            ws.send("who");
            assertThat(ws.next()).isEqualTo("you are ada");
            assertThat(node.node().host().isLive(room)).isTrue();
            ws.send("activations");
            assertThat(ws.next()).isEqualTo("activations=2");
        }
    }

    @Test
    void socketsAreListedByTagAndBroadcastReachesAll() {
        try (TestSocket a = TestSocket.open(node, "/objects/sock/room/ws?user=a&tag=red&tag=blue");
             TestSocket b = TestSocket.open(node, "/objects/sock/room/ws?user=b&tag=red")) {
            assertThat(a.next()).isEqualTo("welcome");
            assertThat(b.next()).isEqualTo("welcome");
            a.send("count:red");
            assertThat(a.next()).isEqualTo("count=2");
            a.send("count:blue");
            assertThat(a.next()).isEqualTo("count=1");
            evictAndWait();
            b.send("hello");
            assertThat(a.next()).isEqualTo("echo:hello");
            assertThat(b.next()).isEqualTo("echo:hello");
            assertThat(node.get("/objects/sock/room").body()).isEqualTo("messages=1");
        }
    }

    @Test
    void autoResponseAnswersWithoutWakingTheObject() {
        try (TestSocket ws = TestSocket.open(node, "/objects/sock/room/ws")) {
            assertThat(ws.next()).isEqualTo("welcome");
            evictAndWait();
            ws.send("ping");
            assertThat(ws.next()).isEqualTo("pong");
            assertThat(node.node().host().isLive(room)).isFalse();
        }
    }

    @Test
    void objectCanCloseAndPeerCloseReachesTheCloseHandler() {
        try (TestSocket ws = TestSocket.open(node, "/objects/sock/room/ws")) {
            assertThat(ws.next()).isEqualTo("welcome");
            ws.send("bye");
            assertThat(ws.closeReason()).isEqualTo("1000:bye");
        }
        TestSocket other = TestSocket.open(node, "/objects/sock/room/ws");
        assertThat(other.next()).isEqualTo("welcome");
        other.close();
        await().atMost(Duration.ofSeconds(5)).until(() -> node.node().host().hub().count(room) == 0);
    }

    @Test
    void plainRequestToTheSocketObjectIsNotAnUpgrade() {
        assertThat(node.get("/objects/sock/room/ws").body()).isEqualTo("messages=0");
    }
}
