package io.cairn.router.forward;

import static io.cairn.router.forward.ForwardFixture.await;
import static io.cairn.router.forward.ForwardFixture.remote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpForwarderTest {

    private final ForwardFixture fx = new ForwardFixture(ForwardFixture.fastOptions().maxBodyBytes(1024).maxAttempts(3).build());

    @AfterEach
    void tearDown() {
        fx.close();
    }

    /** What a fake owner saw of one request. */
    record Seen(String method, String uri, MultiMap headers, String body) {
    }

    private int echoOwner(AtomicReference<Seen> seen) {
        return fx.startServer(req -> req.body().onSuccess(b -> {
            seen.set(new Seen(req.method().name(), req.uri(), MultiMap.caseInsensitiveMultiMap().addAll(req.headers()),
                    b.toString()));
            req.response().setStatusCode(201).setStatusMessage("Made It")
                    .putHeader("X-Reply", "yes")
                    .putHeader("Content-Type", "text/plain")
                    .putHeader("Connection", "x-owner-hop")
                    .putHeader("X-Owner-Hop", "must not cross");
            req.response().headers().add("X-Multi", "1").add("X-Multi", "2");
            req.response().end("got " + b);
        }));
    }

    @Test
    void methodPathQueryHeadersBodyAndResponseRoundTrip() {
        AtomicReference<Seen> seen = new AtomicReference<>();
        fx.resolveTo(echoOwner(seen));

        RequestOptions ro = new RequestOptions().setMethod(HttpMethod.PUT)
                .setURI("/objects/ns/a%2Fb/rest/x?q=1&r=%20two")
                .putHeader("X-Custom", "v1")
                .putHeader("Authorization", "Bearer t")
                .putHeader("Connection", "keep-alive, x-client-hop")
                .putHeader("X-Client-Hop", "must not cross")
                .putHeader("Proxy-Authorization", "secret")
                .putHeader("Keep-Alive", "timeout=5");
        ForwardFixture.Reply reply = fx.send(ro, Buffer.buffer("hello"));

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.statusMessage()).isEqualTo("Made It");
        assertThat(reply.text()).isEqualTo("got hello");
        assertThat(reply.headers().get("X-Reply")).isEqualTo("yes");
        assertThat(reply.headers().getAll("X-Multi")).containsExactly("1", "2");
        assertThat(reply.headers().contains("X-Owner-Hop")).isFalse();

        Seen s = seen.get();
        assertThat(s.method()).isEqualTo("PUT");
        assertThat(s.uri()).isEqualTo("/objects/ns/a%2Fb/rest/x?q=1&r=%20two");
        assertThat(s.body()).isEqualTo("hello");
        assertThat(s.headers().get("X-Custom")).isEqualTo("v1");
        assertThat(s.headers().get("Authorization")).isEqualTo("Bearer t");
        assertThat(s.headers().contains("X-Client-Hop")).isFalse();
        assertThat(s.headers().contains("Proxy-Authorization")).isFalse();
        assertThat(s.headers().contains("Keep-Alive")).isFalse();
        assertThat(s.headers().get(ForwardHeaders.HOPS)).isEqualTo("1");
        assertThat(s.headers().get(ForwardHeaders.BY)).isEqualTo(ForwardFixture.NODE_ID);
        assertThat(s.headers().get("X-Forwarded-For")).isEqualTo("127.0.0.1");
        assertThat(s.headers().get("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + fx.frontPort);
        assertThat(fx.resolved).containsExactly(0);
    }

    @Test
    void hopCountIsIncrementedAndForwardedByReplaced() {
        AtomicReference<Seen> seen = new AtomicReference<>();
        fx.resolveTo(echoOwner(seen));

        fx.send(new RequestOptions().setMethod(HttpMethod.GET).setURI("/objects/ns/n")
                .putHeader(ForwardHeaders.HOPS, "2").putHeader(ForwardHeaders.BY, "earlier-node")
                .putHeader("X-Forwarded-For", "10.0.0.9"), Buffer.buffer());

        assertThat(seen.get().headers().get(ForwardHeaders.HOPS)).isEqualTo("3");
        assertThat(seen.get().headers().getAll(ForwardHeaders.BY)).containsExactly(ForwardFixture.NODE_ID);
        assertThat(seen.get().headers().get("X-Forwarded-For")).isEqualTo("10.0.0.9, 127.0.0.1");
    }

    @Test
    void bodyOverTheLimitIs413WithoutReachingTheOwner() {
        AtomicInteger ownerRequests = new AtomicInteger();
        fx.resolveTo(fx.startServer(req -> {
            ownerRequests.incrementAndGet();
            req.response().end();
        }));

        ForwardFixture.Reply declared = fx.send(new RequestOptions().setMethod(HttpMethod.POST).setURI("/objects/ns/n"),
                Buffer.buffer(new byte[1025]));
        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.text()).contains("\"code\":\"body_too_large\"");

        // Chunked: no Content-Length to check first, so the limit is found while reading.
        ForwardFixture.Reply chunked = await(fx.client.request(new RequestOptions().setMethod(HttpMethod.POST)
                .setURI("/objects/ns/n")).compose(r -> {
                    r.setChunked(true);
                    r.write(Buffer.buffer(new byte[800]));
                    r.write(Buffer.buffer(new byte[800]));
                    r.end();
                    return r.response();
                }).compose(resp -> resp.body().map(b -> new ForwardFixture.Reply(resp.statusCode(),
                        resp.statusMessage(), resp.headers(), b))));
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.text()).contains("\"code\":\"body_too_large\"");

        assertThat(ownerRequests).hasValue(0);
        assertThat(fx.resolved).isEmpty();
    }

    @Test
    void connectionRefusedIsRetriedOnTheNextTarget() throws Exception {
        int dead = ForwardFixture.closedPort();
        AtomicReference<Seen> seen = new AtomicReference<>();
        int good = echoOwner(seen);
        fx.resolveWith(n -> n == 0 ? remote("dead", dead) : remote("good", good));

        ForwardFixture.Reply reply = fx.send(new RequestOptions().setMethod(HttpMethod.POST).setURI("/objects/ns/n"),
                Buffer.buffer("payload"));

        assertThat(reply.status()).isEqualTo(201);
        assertThat(reply.text()).isEqualTo("got payload");
        assertThat(fx.resolved).containsExactly(0, 1);
    }

    @Test
    void connectionRefusedEverywhereEndsAsObjectMoving() throws Exception {
        int dead = ForwardFixture.closedPort();
        fx.resolveWith(n -> remote("dead", dead));

        ForwardFixture.Reply reply = fx.send(HttpMethod.GET, "/objects/ns/n");

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.headers().get("Retry-After")).isEqualTo("1");
        assertThat(reply.text()).contains("\"code\":\"object_moving\"").contains("/objects/ns/n").contains("dead");
        assertThat(fx.resolved).containsExactly(0, 1, 2);
    }

    private int movingOwner(AtomicInteger requests, String error) {
        return fx.startServer(req -> {
            requests.incrementAndGet();
            req.response().setStatusCode(503).putHeader(ForwardHeaders.ERROR, error)
                    .end("{\"error\":{\"code\":\"" + error + "\",\"message\":\"not here\"}}");
        });
    }

    @Test
    void objectMovingFromTheOwnerIsRetriedUpToMaxAttempts() {
        AtomicInteger requests = new AtomicInteger();
        fx.resolveTo(movingOwner(requests, ForwardHeaders.OBJECT_MOVING));

        ForwardFixture.Reply reply = fx.send(new RequestOptions().setMethod(HttpMethod.POST).setURI("/objects/ns/n"),
                Buffer.buffer("x"));

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.headers().get("Retry-After")).isEqualTo("1");
        assertThat(reply.text()).contains("\"code\":\"object_moving\"").contains("/objects/ns/n")
                .contains("3 attempts");
        assertThat(requests).hasValue(3);
        assertThat(fx.resolved).containsExactly(0, 1, 2);
    }

    @Test
    void shuttingDownOwnerIsRetriedOnTheNewOwner() {
        AtomicInteger requests = new AtomicInteger();
        int leaving = movingOwner(requests, ForwardHeaders.SHUTTING_DOWN);
        AtomicReference<Seen> seen = new AtomicReference<>();
        int next = echoOwner(seen);
        fx.resolveWith(n -> n == 0 ? remote("leaving", leaving) : remote("next", next));

        ForwardFixture.Reply reply = fx.send(new RequestOptions().setMethod(HttpMethod.POST).setURI("/objects/ns/n"),
                Buffer.buffer("again"));

        assertThat(reply.status()).isEqualTo(201);
        assertThat(seen.get().body()).isEqualTo("again");
        assertThat(requests).hasValue(1);
    }

    @Test
    void otherOwner503IsReturnedAsItIs() {
        AtomicInteger requests = new AtomicInteger();
        fx.resolveTo(movingOwner(requests, "no_quorum"));

        ForwardFixture.Reply reply = fx.send(HttpMethod.GET, "/objects/ns/n");

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.text()).contains("no_quorum");
        assertThat(requests).hasValue(1);
    }

    @Test
    void unavailableAnswers503AtOnce() {
        fx.resolveWith(n -> new ForwardTarget.Unavailable("ownership is being handed over"));

        ForwardFixture.Reply reply = fx.send(HttpMethod.DELETE, "/objects/ns/gone");

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.headers().get("Retry-After")).isEqualTo("1");
        assertThat(reply.text()).contains("\"code\":\"object_moving\"").contains("/objects/ns/gone")
                .contains("ownership is being handed over");
        assertThat(fx.resolved).containsExactly(0);
    }

    @Test
    void ownerVanishingAfterTheRequestIsNotRetried() {
        AtomicInteger requests = new AtomicInteger();
        fx.resolveTo(fx.startServer(req -> req.body().onSuccess(b -> {
            requests.incrementAndGet();
            req.connection().close();
        })));

        ForwardFixture.Reply reply = fx.send(new RequestOptions().setMethod(HttpMethod.POST).setURI("/objects/ns/n"),
                Buffer.buffer("write me"));

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.text()).contains("\"code\":\"owner_unreachable\"").contains("outcome is unknown");
        assertThat(requests).hasValue(1);
        assertThat(fx.resolved).containsExactly(0);
    }

    @Test
    void ownerDyingMidResponseCutsTheClientOff() {
        fx.resolveTo(fx.startServer(req -> {
            req.response().putHeader("Content-Length", "100000");
            req.response().write(Buffer.buffer(new byte[1000]))
                    .onComplete(v -> req.connection().close());
        }));

        CompletableFuture<Buffer> body = fx.client.request(new RequestOptions().setURI("/objects/ns/n"))
                .compose(r -> r.send()).compose(resp -> resp.body()).toCompletionStage().toCompletableFuture();

        assertThatThrownBy(() -> body.get(30, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(io.vertx.core.http.HttpClosedException.class);
    }

    @Test
    void resolverFailureIs500() {
        fx.resolveWith(n -> {
            throw new IllegalStateException("placement table not loaded");
        });

        ForwardFixture.Reply reply = fx.send(HttpMethod.GET, "/objects/ns/n");

        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.text()).contains("placement table not loaded");
    }

    @Test
    void headAndNoContentAnswersCarryNoBody() {
        fx.resolveTo(fx.startServer(req -> {
            if (req.method() == HttpMethod.HEAD) {
                req.response().putHeader("Content-Length", "42").end();
            } else {
                req.response().setStatusCode(204).end();
            }
        }));

        ForwardFixture.Reply head = fx.send(HttpMethod.HEAD, "/objects/ns/n");
        ForwardFixture.Reply noContent = fx.send(HttpMethod.DELETE, "/objects/ns/n");

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.headers().get("Content-Length")).isEqualTo("42");
        assertThat(head.body().length()).isZero();
        assertThat(noContent.status()).isEqualTo(204);
        assertThat(noContent.headers().contains("Transfer-Encoding")).isFalse();
        assertThat(fx.resolved).containsExactly(0, 0);
    }
}
