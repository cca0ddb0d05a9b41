package io.cairn.runtime.testapps;

import io.cairn.api.AutoResponse;
import io.cairn.api.DurableObject;
import io.cairn.api.ObjectContext;
import io.cairn.api.Request;
import io.cairn.api.Response;
import io.cairn.api.WebSocket;
import io.cairn.api.WebSocketMessage;
import java.nio.charset.StandardCharsets;

/**
 * WebSocket test object. Upgrade with ?user=U&tag=T...: accepts with those tags and keeps U as the
 * attachment. Messages: "who" → attachment, "count:T" → sockets with tag T, "activations" → how
 * many times the constructor ran, anything else → stored and echoed as "echo:" + text to all.
 * "ping" is answered by the node itself with "pong".
 */
public final class SocketObject implements DurableObject {

    private final ObjectContext ctx;

    public SocketObject(ObjectContext ctx) {
        this.ctx = ctx;
        ctx.storage().sql().exec("CREATE TABLE IF NOT EXISTS messages(id INTEGER PRIMARY KEY, text TEXT)");
        long n = Long.parseLong(ctx.storage().kv().get("activations").orElse("0")) + 1;
        ctx.storage().kv().put("activations", Long.toString(n));
        ctx.setWebSocketAutoResponse(new AutoResponse("ping", "pong"));
    }

    @Override
    public Response fetch(Request request) {
        if (!request.isWebSocketUpgrade()) {
            long count = ctx.storage().sql().exec("SELECT count(*) AS n FROM messages").one().getLong("n");
            return Response.ok("messages=" + count);
        }
        String[] tags = request.queryParams().getOrDefault("tag", java.util.List.of()).toArray(String[]::new);
        WebSocket ws = ctx.acceptWebSocket(request, tags);
        ws.serializeAttachment(request.queryParam("user").orElse("anonymous").getBytes(StandardCharsets.UTF_8));
        ws.send("welcome");
        return Response.webSocket(ws);
    }

    @Override
    public void webSocketMessage(WebSocket ws, WebSocketMessage message) {
        String text = message.asText();
        if (text.equals("who")) {
            ws.send("you are " + new String(ws.deserializeAttachment(), StandardCharsets.UTF_8));
        } else if (text.startsWith("count:")) {
            ws.send("count=" + ctx.getWebSockets(text.substring(6)).size());
        } else if (text.equals("activations")) {
            ws.send("activations=" + ctx.storage().kv().get("activations").orElse("?"));
        } else if (text.equals("bye")) {
            ws.close(1000, "bye");
        } else {
            ctx.storage().sql().exec("INSERT INTO messages(text) VALUES (?)", text);
            for (WebSocket s : ctx.getWebSockets()) {
                s.send("echo:" + text);
            }
        }
    }

    @Override
    public void webSocketClose(WebSocket ws, int code, String reason, boolean wasClean) {
        ctx.storage().kv().put("lastClose", code + ":" + reason);
    }
}
