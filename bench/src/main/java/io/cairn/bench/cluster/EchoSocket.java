package io.cairn.bench.cluster;

import io.cairn.api.DurableObject;
import io.cairn.api.ObjectContext;
import io.cairn.api.Request;
import io.cairn.api.Response;
import io.cairn.api.WebSocket;
import io.cairn.api.WebSocketMessage;

/**
 * WebSocket echo for the cluster benchmark's round-trip figure: accepts every upgrade and sends each
 * text message back unchanged. It touches no storage, so a round trip measures the sockets and the
 * object's event loop, not SQLite or fsync. Packed by {@link io.cairn.bench.AppJar}: top-level, no
 * nested classes, {@code io.cairn.api} and the JDK only.
 */
public final class EchoSocket implements DurableObject {

    private final ObjectContext ctx;

    public EchoSocket(ObjectContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Response fetch(Request request) {
        if (!request.isWebSocketUpgrade()) {
            return Response.json(200, "{\"sockets\":" + ctx.getWebSockets().size() + "}");
        }
        return Response.webSocket(ctx.acceptWebSocket(request));
    }

    @Override
    public void webSocketMessage(WebSocket ws, WebSocketMessage message) {
        ws.send(message.asText());
    }
}
