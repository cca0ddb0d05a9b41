package io.cairn.router.forward;

import static io.cairn.router.forward.ForwardFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Answers with a short Content-Length, which the forwarder collects and writes in one piece. */
class ShortAnswerTest {

    private final ForwardFixture fx = new ForwardFixture(ForwardFixture.fastOptions().maxBodyBytes(4096).build());

    @AfterEach
    void tearDown() {
        fx.close();
    }

    @Test
    void bodiesInSeveralChunksArriveWholeBothWays() {
        AtomicReference<String> ownerGot = new AtomicReference<>();
        fx.resolveTo(fx.startServer(req -> req.body().onSuccess(b -> {
            ownerGot.set(b.toString());
            var resp = req.response().putHeader("Content-Length", "9");
            resp.write("abc");
            fx.vertx.setTimer(20, t -> resp.write("def").onComplete(v -> resp.end("ghi")));
        })));

        ForwardFixture.Reply reply = await(fx.client.request(new RequestOptions().setMethod(HttpMethod.POST)
                .setURI("/objects/ns/n")).compose(r -> {
                    r.setChunked(true);
                    r.write("one ");
                    r.write("two ");
                    r.end("three");
                    return r.response();
                }).compose(resp -> resp.body().map(b -> new ForwardFixture.Reply(resp.statusCode(),
                        resp.statusMessage(), resp.headers(), b))));

        assertThat(ownerGot.get()).isEqualTo("one two three");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text()).isEqualTo("abcdefghi");
        assertThat(reply.headers().get("Content-Length")).isEqualTo("9");
    }

    @Test
    void ownerBreakingOffAShortAnswerIsOwnerUnreachable() {
        fx.resolveTo(fx.startServer(req -> {
            req.response().putHeader("Content-Length", "1000");
            req.response().write(Buffer.buffer(new byte[100])).onComplete(v -> req.connection().close());
        }));

        ForwardFixture.Reply reply = fx.send(HttpMethod.GET, "/objects/ns/n");

        // Nothing had reached the client yet, so it gets a proper answer instead of a cut connection.
        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.text()).contains("\"code\":\"owner_unreachable\"").contains("broke off its answer");
        assertThat(fx.resolved).containsExactly(0);
    }

    @Test
    void clientLeavingBeforeTheAnswerKeepsTheConnectionToTheOwner() {
        List<HttpConnection> ownerConnections = new CopyOnWriteArrayList<>();
        List<HttpServerRequest> waiting = new CopyOnWriteArrayList<>();
        fx.resolveTo(fx.startServer(req -> {
            ownerConnections.add(req.connection());
            if (req.path().endsWith("/slow")) {
                waiting.add(req); // answered only once the client is gone
            } else {
                req.response().end("fast");
            }
        }));

        HttpClientAgent leaving = fx.vertx.createHttpClient();
        leaving.request(new RequestOptions().setPort(fx.frontPort).setHost("127.0.0.1").setURI("/objects/ns/slow"))
                .compose(r -> r.send());
        await().atMost(Duration.ofSeconds(10)).until(() -> waiting.size() == 1);
        await(leaving.close());
        // The forwarder reads the short answer to its end rather than resetting the owner's connection.
        waiting.getFirst().response().end("too late");

        await().pollDelay(Duration.ofMillis(100)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            ForwardFixture.Reply next = fx.send(HttpMethod.GET, "/objects/ns/fast");
            assertThat(next.text()).isEqualTo("fast");
        });
        assertThat(ownerConnections).hasSize(2);
        assertThat(ownerConnections.get(1)).isSameAs(ownerConnections.get(0));
    }
}
