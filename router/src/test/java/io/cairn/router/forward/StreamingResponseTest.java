package io.cairn.router.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A large chunked answer crosses the front piece by piece, paced by the slowest side. */
class StreamingResponseTest {

    private static final long TOTAL = 50L * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;

    private final ForwardFixture fx = new ForwardFixture(ForwardFixture.fastOptions().build());
    private final AtomicLong ownerWritten = new AtomicLong();
    private final AtomicBoolean ownerDone = new AtomicBoolean();
    private final AtomicReference<String> ownerHash = new AtomicReference<>();

    @AfterEach
    void tearDown() {
        fx.close();
    }

    /** Writes TOTAL pseudo-random bytes, only as fast as the connection takes them. */
    private void produce(HttpServerResponse resp, SplittableRandom random, MessageDigest digest) {
        while (!resp.writeQueueFull()) {
            if (ownerWritten.get() >= TOTAL) {
                ownerHash.set(HexFormat.of().formatHex(digest.digest()));
                ownerDone.set(true);
                resp.end();
                return;
            }
            byte[] chunk = new byte[CHUNK];
            random.nextBytes(chunk);
            digest.update(chunk);
            ownerWritten.addAndGet(CHUNK);
            resp.write(Buffer.buffer(chunk));
        }
        resp.drainHandler(v -> produce(resp, random, digest));
    }

    @Test
    void fiftyMebibytesArriveIntactAndPacedByTheClient() throws Exception {
        fx.resolveTo(fx.startServer(req -> {
            req.response().setChunked(true).putHeader("Content-Type", "application/octet-stream");
            produce(req.response(), new SplittableRandom(42), sha256());
        }));

        MessageDigest received = sha256();
        AtomicLong receivedBytes = new AtomicLong();
        AtomicReference<Boolean> ownerDoneAtFirstByte = new AtomicReference<>();
        AtomicReference<HttpClientResponse> response = new AtomicReference<>();
        CompletableFuture<Void> ended = new CompletableFuture<>();
        fx.client.request(new RequestOptions().setURI("/objects/files/big")).compose(r -> r.send())
                .onFailure(ended::completeExceptionally)
                .onSuccess(resp -> {
                    response.set(resp);
                    resp.handler(b -> {
                        if (ownerDoneAtFirstByte.get() == null) {
                            ownerDoneAtFirstByte.set(ownerDone.get());
                            resp.pause(); // a slow client: the owner must be held back, not buffered at the front
                        }
                        received.update(b.getBytes());
                        receivedBytes.addAndGet(b.length());
                    });
                    resp.exceptionHandler(ended::completeExceptionally);
                    resp.endHandler(v -> ended.complete(null));
                });

        await().atMost(Duration.ofSeconds(10)).until(() -> ownerDoneAtFirstByte.get() != null);
        // A front that buffered the whole answer could only start sending once the owner had finished.
        assertThat(ownerDoneAtFirstByte.get()).isFalse();
        assertThat(response.get().headers().contains("Content-Length")).isFalse();
        // While the client reads nothing, the owner stays stuck far short of the end.
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .until(() -> !ownerDone.get() && ownerWritten.get() < TOTAL / 2);

        response.get().resume();
        ended.get(60, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(receivedBytes.get()).isEqualTo(TOTAL);
        assertThat(HexFormat.of().formatHex(received.digest())).isEqualTo(ownerHash.get());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
