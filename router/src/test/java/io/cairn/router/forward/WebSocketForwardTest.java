package io.cairn.router.forward;

import static io.cairn.router.forward.ForwardFixture.await;
import static io.cairn.router.forward.ForwardFixture.remote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebSocketForwardTest {

    private static final String WS_PATH = "/objects/rooms/r%2F1/ws";

    private final ForwardFixture fx = new ForwardFixture(ForwardFixture.fastOptions().maxAttempts(3).build());
    /** What the owner's socket received, as "text:..." or "binary:<length>". */
    private final List<String> ownerReceived = new CopyOnWriteArrayList<>();
    private final AtomicReference<MultiMap> upgradeHeaders = new AtomicReference<>();
    private final CompletableFuture<String> ownerClosed = new CompletableFuture<>();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    /**
     * A fake owner: greets on accept, echoes text with a prefix and binary reversed, closes with 4001 on
     * "bye"; any other path is refused with 404.
     */
    private int owner() {
        return fx.startServer(req -> {
            if (!req.path().equals(WS_PATH)) {
                req.response().setStatusCode(404).putHeader("Content-Type", "application/json")
                        .end("{\"error\":{\"code\":\"unknown_namespace\",\"message\":\"no such thing\"}}");
                return;
            }
            upgradeHeaders.set(MultiMap.caseInsensitiveMultiMap().addAll(req.headers()));
            req.toWebSocket().onSuccess(ws -> {
                ws.writeTextMessage("welcome");
                ws.textMessageHandler(text -> {
                    ownerReceived.add("text:" + text);
                    if (text.equals("bye")) {
                        ws.close((short) 4001, "bye now");
                    } else {
                        ws.writeTextMessage("echo:" + text);
                    }
                });
                ws.binaryMessageHandler(bytes -> {
                    ownerReceived.add("binary:" + bytes.length());
                    ws.writeBinaryMessage(reversed(bytes));
                });
                ws.closeHandler(v -> ownerClosed.complete(ws.closeStatusCode() + " " + ws.closeReason()));
            });
        });
    }

    private static Buffer reversed(Buffer b) {
        byte[] bytes = b.getBytes();
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return Buffer.buffer(out);
    }

    /** A client socket with everything it receives collected. */
    private record Client(WebSocket ws, List<Object> received, CompletableFuture<String> closed) {
    }

    private Client connect(String path) {
        WebSocketConnectOptions o = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(fx.frontPort)
                .setURI(path).setSubProtocols(ForwardFixture.SUB_PROTOCOLS)
                .putHeader("Cookie", "session=abc").putHeader("Authorization", "Bearer t");
        List<Object> received = new CopyOnWriteArrayList<>();
        CompletableFuture<String> closed = new CompletableFuture<>();
        WebSocket ws = await(fx.wsClient.connect(o).onSuccess(s -> {
            s.textMessageHandler(received::add);
            s.binaryMessageHandler(received::add);
            s.closeHandler(v -> closed.complete(s.closeStatusCode() + " " + s.closeReason()));
        }));
        return new Client(ws, received, closed);
    }

    @Test
    void textAndBinaryMessagesCrossBothWays() {
        fx.resolveTo(owner());
        Client c = connect(WS_PATH + "?token=1");

        // The owner's greeting, sent before the client's side was accepted, is not lost.
        await().atMost(Duration.ofSeconds(10)).until(() -> c.received().size() == 1);
        assertThat(c.received()).containsExactly("welcome");

        c.ws().writeTextMessage("hello");
        byte[] big = new byte[3 * 1024 * 1024 + 7]; // several 1 MiB frames, relayed as one message
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        c.ws().writeBinaryMessage(Buffer.buffer(big));
        await().atMost(Duration.ofSeconds(10)).until(() -> c.received().size() == 3);

        assertThat(c.received().get(1)).isEqualTo("echo:hello");
        assertThat(c.received().get(2)).isEqualTo(reversed(Buffer.buffer(big)));
        assertThat(ownerReceived).containsExactly("text:hello", "binary:" + big.length);

        MultiMap h = upgradeHeaders.get();
        assertThat(h.get(ForwardHeaders.HOPS)).isEqualTo("1");
        assertThat(h.get(ForwardHeaders.BY)).isEqualTo(ForwardFixture.NODE_ID);
        assertThat(h.get("Cookie")).isEqualTo("session=abc");
        assertThat(h.get("Authorization")).isEqualTo("Bearer t");
        assertThat(h.get("Sec-WebSocket-Protocol")).isEqualTo("cairn.v1");
        assertThat(c.ws().subProtocol()).isEqualTo("cairn.v1");
    }

    @Test
    void ownerCloseReachesTheClientWithItsCodeAndReason() throws Exception {
        fx.resolveTo(owner());
        Client c = connect(WS_PATH);

        c.ws().writeTextMessage("bye");

        assertThat(c.closed().get(10, TimeUnit.SECONDS)).isEqualTo("4001 bye now");
    }

    @Test
    void clientCloseReachesTheOwnerWithItsCodeAndReason() throws Exception {
        fx.resolveTo(owner());
        Client c = connect(WS_PATH);
        await().atMost(Duration.ofSeconds(10)).until(() -> c.received().size() == 1);

        c.ws().close((short) 4002, "client done");

        assertThat(ownerClosed.get(10, TimeUnit.SECONDS)).isEqualTo("4002 client done");
    }

    @Test
    void ownerRefusalIsReturnedAsAPlainResponse() {
        fx.resolveTo(owner());

        Throwable failure = fx.wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
                .setPort(fx.frontPort).setURI("/objects/nope/x/ws")).toCompletionStage().toCompletableFuture()
                .handle((ws, err) -> err).join();

        assertThat(failure).isInstanceOf(UpgradeRejectedException.class);
        UpgradeRejectedException rejected = (UpgradeRejectedException) failure;
        assertThat(rejected.getStatus()).isEqualTo(404);
        assertThat(rejected.getBody().toString()).contains("unknown_namespace");
        assertThat(fx.resolved).containsExactly(0);
    }

    @Test
    void unreachableOwnerIsRetriedThenTheUpgradeSucceeds() throws Exception {
        int dead = ForwardFixture.closedPort();
        int good = owner();
        fx.resolveWith(n -> n == 0 ? remote("dead", dead) : remote("good", good));

        Client c = connect(WS_PATH);

        await().atMost(Duration.ofSeconds(10)).until(() -> c.received().size() == 1);
        assertThat(fx.resolved).containsExactly(0, 1);
    }

    @Test
    void noOwnerIs503ObjectMoving() throws Exception {
        int dead = ForwardFixture.closedPort();
        fx.resolveWith(n -> n < 2 ? remote("dead", dead) : new ForwardTarget.Unavailable("no owner known"));

        Throwable failure = fx.wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
                .setPort(fx.frontPort).setURI(WS_PATH)).toCompletionStage().toCompletableFuture()
                .handle((ws, err) -> err).join();

        assertThat(failure).isInstanceOf(UpgradeRejectedException.class);
        UpgradeRejectedException rejected = (UpgradeRejectedException) failure;
        assertThat(rejected.getStatus()).isEqualTo(503);
        assertThat(rejected.getHeaders().get("Retry-After")).isEqualTo("1");
        assertThat(rejected.getBody().toString()).contains("object_moving").contains("no owner known");
        assertThat(fx.resolved).containsExactly(0, 1, 2);
    }
}
