package io.cairn.samples.rooms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.WebSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class MembersTest {

    @Test
    void theUserTravelsWithTheSocket() {
        WebSocket ws = new FakeWebSocket("1");

        assertThat(Members.userOf(ws)).isEmpty();
        Members.setUser(ws, "Zoë");
        assertThat(Members.userOf(ws)).contains("Zoë");
    }

    @Test
    void presenceIsSortedDistinctAndLeavesOutTheLeaver() {
        WebSocket ada = named("1", "ada");
        WebSocket adaOnPhone = named("2", "ada");
        WebSocket bob = named("3", "bob");
        WebSocket anonymous = new FakeWebSocket("4");
        WebSocket carol = named("5", "carol");
        List<WebSocket> sockets = List.of(carol, ada, anonymous, bob, adaOnPhone);

        assertThat(Members.present(sockets, null)).containsExactly("ada", "bob", "carol");
        assertThat(Members.present(sockets, bob)).containsExactly("ada", "carol");
        assertThat(Members.present(sockets, ada)).containsExactly("ada", "bob", "carol");
    }

    @Test
    void namesAreTrimmedAndBounded() {
        assertThat(Members.validName("  ada ")).isEqualTo("ada");
        assertThat(Members.validName("😀".repeat(40))).hasSize(80);
        for (String bad : new String[] {"", "   ", "x".repeat(41), "a\nb", "\u0000"}) {
            assertThatThrownBy(() -> Members.validName(bad)).as(bad).isInstanceOf(RoomError.class);
        }
    }

    private static WebSocket named(String id, String user) {
        WebSocket ws = new FakeWebSocket(id);
        Members.setUser(ws, user);
        return ws;
    }

    /** Just enough of a socket to carry an attachment. */
    private static final class FakeWebSocket implements WebSocket {
        private final String id;
        private byte[] attachment;

        FakeWebSocket(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public List<String> tags() {
            return List.of();
        }

        @Override
        public void send(String text) {
        }

        @Override
        public void send(byte[] binary) {
        }

        @Override
        public void close(int code, String reason) {
        }

        @Override
        public void serializeAttachment(byte[] attachment) {
            this.attachment = attachment;
        }

        @Override
        public byte[] deserializeAttachment() {
            return attachment;
        }

        @Override
        public ReadyState readyState() {
            return ReadyState.OPEN;
        }
    }
}
