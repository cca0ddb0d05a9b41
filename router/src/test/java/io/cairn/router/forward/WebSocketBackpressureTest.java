package io.cairn.router.forward;

import static io.cairn.router.forward.ForwardFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An owner flooding a slow client through the relay is held back instead of piling up at the front. */
class WebSocketBackpressureTest {

    private static final int MESSAGES = 1600;
    private static final int MESSAGE_BYTES = 64 * 1024; // 100 MiB in all

    private final ForwardFixture fx = new ForwardFixture(ForwardFixture.fastOptions().build());
    private final AtomicInteger ownerSent = new AtomicInteger();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private void flood(ServerWebSocket ws) {
        while (!ws.writeQueueFull()) {
            int n = ownerSent.get();
            if (n == MESSAGES) {
                return;
            }
            Buffer msg = Buffer.buffer(new byte[MESSAGE_BYTES]);
            msg.setInt(0, n);
            ws.writeBinaryMessage(msg);
            ownerSent.incrementAndGet();
        }
        ws.drainHandler(v -> flood(ws));
    }

    @Test
    void aPausedClientHoldsTheOwnerBack() {
        fx.resolveTo(fx.startServer(req -> req.toWebSocket().onSuccess(this::flood)));
        AtomicInteger received = new AtomicInteger();
        AtomicInteger outOfOrder = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();

        WebSocket ws = await(fx.wsClient.connect(new WebSocketConnectOptions().setHost("127.0.0.1")
                .setPort(fx.frontPort).setURI("/objects/feeds/f/ws")).onSuccess(s -> {
                    s.pause(); // a client that reads nothing for now
                    s.binaryMessageHandler(b -> {
                        if (b.getInt(0) != received.getAndIncrement()) {
                            outOfOrder.incrementAndGet();
                        }
                        bytes.addAndGet(b.length());
                    });
                }));

        await().atMost(Duration.ofSeconds(10)).until(() -> ownerSent.get() > 0);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> ownerSent.get() < MESSAGES / 2);

        ws.resume();
        await().atMost(Duration.ofSeconds(60)).until(() -> received.get() == MESSAGES);
        assertThat(outOfOrder).hasValue(0);
        assertThat(bytes.get()).isEqualTo((long) MESSAGES * MESSAGE_BYTES);
    }
}
