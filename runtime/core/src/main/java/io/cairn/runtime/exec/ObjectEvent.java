package io.cairn.runtime.exec;

import io.cairn.api.Request;
import io.cairn.api.Response;
import io.cairn.api.WebSocketMessage;
import io.cairn.runtime.ws.HostedSocket;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** Work delivered to one object's mailbox, handled one at a time. */
public sealed interface ObjectEvent {

    /** An HTTP request (from the front or another object); the reply completes once durable. */
    record Http(Request request, CallChain chain, CompletableFuture<Response> reply) implements ObjectEvent {
    }

    /** The alarm set for {@code scheduled} is due; {@code retry} counts earlier failed deliveries. */
    record Alarm(Instant scheduled, int retry) implements ObjectEvent {
    }

    record SocketMessage(HostedSocket socket, WebSocketMessage message) implements ObjectEvent {
    }

    record SocketClose(HostedSocket socket, int code, String reason, boolean wasClean) implements ObjectEvent {
    }

    record SocketError(HostedSocket socket, Throwable error) implements ObjectEvent {
    }

    /** Run {@code task} with the object's database closed; the next event re-activates it. */
    record Exclusive(io.cairn.runtime.spi.ExclusiveTask<?> task, CompletableFuture<Object> result) implements ObjectEvent {
    }

    /** Evict the live instance (idle, LRU, redeploy, shutdown); the object re-activates on its next event. */
    record Deactivate(String reason) implements ObjectEvent {
    }
}
