package io.cairn.samples.rooms;

import io.cairn.api.AutoResponse;
import io.cairn.api.DurableObject;
import io.cairn.api.ObjectContext;
import io.cairn.api.Request;
import io.cairn.api.Response;
import io.cairn.api.WebSocket;
import io.cairn.api.WebSocketMessage;
import io.cairn.samples.json.Json;
import io.cairn.samples.json.JsonException;
import io.cairn.samples.json.JsonObject;
import io.cairn.samples.json.JsonResponses;
import io.cairn.samples.rooms.ChatLog.ChatMessage;
import io.cairn.samples.rooms.SharedDocument.Applied;
import java.util.Optional;

/**
 * One chat room with a shared text document, over WebSockets that survive the object's eviction
 * (the hibernation API): the node keeps the sockets open, and each message wakes the room.
 *
 * <p>Nothing about a connection is kept in fields, since a woken room is a new instance: the
 * user's name lives in the socket's attachment, the chat and the document in the room's database.
 *
 * <p>Client → room, as JSON text messages:
 * <ul>
 *   <li>{@code {"type":"join","user":"ada"}}: name this connection (or connect to {@code /ws?user=ada})</li>
 *   <li>{@code {"type":"say","user":"ada","text":"hi"}}: a chat message ({@code user} joins a connection without a name)</li>
 *   <li>{@code {"type":"edit","version":7,"ops":[3,"x",-1,4]}}: an edit of the document made on version 7
 *       (see {@link TextOperation} and {@link SharedDocument})</li>
 * </ul>
 * The room's messages are listed in {@link ServerMessages}.
 */
public final class Room implements DurableObject {

    static final int HISTORY_SIZE = 50;
    static final int MAX_TEXT_LENGTH = 4_000;

    private final ObjectContext ctx;
    private final ChatLog chat;
    private final SharedDocument document;

    public Room(ObjectContext ctx) {
        this.ctx = ctx;
        this.chat = new ChatLog(ctx.storage().sql());
        this.document = new SharedDocument(ctx.storage().sql());
        chat.createIfAbsent();
        document.createIfAbsent();
        // Keepalive pings are answered by the node itself, without waking the room.
        ctx.setWebSocketAutoResponse(new AutoResponse("ping", "pong"));
    }

    @Override
    public Response fetch(Request request) {
        String path = request.path();
        if (!request.method().equals("GET")) {
            return JsonResponses.methodNotAllowed(request.method(), "GET");
        }
        return switch (path) {
            case "/ws" -> connect(request);
            case "/messages" -> JsonResponses.ok(Json.object("messages",
                    chat.recent(HISTORY_SIZE).stream().map(ChatMessage::toJson).toList()));
            case "/document" -> documentState();
            default -> JsonResponses.notFound(path);
        };
    }

    private Response documentState() {
        SharedDocument.State state = document.current();
        return JsonResponses.ok(Json.object("version", state.version(), "text", state.text()));
    }

    private Response connect(Request request) {
        if (!request.isWebSocketUpgrade()) {
            return JsonResponses.error(426, "upgrade_required", "connect with a WebSocket to " + request.path());
        }
        Optional<String> user;
        try {
            user = request.queryParam("user").filter(name -> !name.isBlank()).map(Members::validName);
        } catch (RoomError e) {
            return JsonResponses.error(400, e.code(), e.getMessage());
        }
        WebSocket ws = ctx.acceptWebSocket(request);
        user.ifPresent(name -> Members.setUser(ws, name));
        ws.send(ServerMessages.history(chat.recent(HISTORY_SIZE)));
        ws.send(ServerMessages.document(document.current()));
        if (user.isPresent()) {
            broadcastPresence(null);
        }
        return Response.webSocket(ws);
    }

    @Override
    public void webSocketMessage(WebSocket ws, WebSocketMessage message) {
        try {
            JsonObject json = JsonObject.parse(message.asText());
            switch (json.string("type")) {
                case "join" -> join(ws, Members.validName(json.string("user")));
                case "say" -> say(ws, json);
                case "edit" -> edit(ws, json);
                default -> throw new RoomError("unknown_type", "unknown message type '" + json.string("type")
                        + "': send join, say or edit");
            }
        } catch (RoomError e) {
            ws.send(ServerMessages.error(e));
        } catch (JsonException e) {
            ws.send(ServerMessages.error(new RoomError("bad_message", e.getMessage())));
        }
    }

    @Override
    public void webSocketClose(WebSocket ws, int code, String reason, boolean wasClean) {
        if (Members.userOf(ws).isPresent()) {
            broadcastPresence(ws);
        }
    }

    @Override
    public void webSocketError(WebSocket ws, Throwable error) {
        webSocketClose(ws, 1006, "error", false);
    }

    private void join(WebSocket ws, String user) {
        if (!Members.userOf(ws).equals(Optional.of(user))) {
            Members.setUser(ws, user);
            broadcastPresence(null);
        }
    }

    private void say(WebSocket ws, JsonObject json) {
        String user = Members.userOf(ws).orElseGet(() -> {
            // A connection that never joined names itself with its first message.
            String named = Members.validName(json.optionalString("user")
                    .orElseThrow(() -> new RoomError("join_first", "join with a user name before saying anything")));
            join(ws, named);
            return named;
        });
        String text = json.string("text").strip();
        if (text.isEmpty() || text.length() > MAX_TEXT_LENGTH) {
            throw new RoomError("bad_text", "a message has 1 to " + MAX_TEXT_LENGTH + " characters");
        }
        ChatMessage saved = chat.append(user, text);
        broadcast(ServerMessages.message(saved), null);
    }

    private void edit(WebSocket ws, JsonObject json) {
        String user = Members.userOf(ws)
                .orElseThrow(() -> new RoomError("join_first", "join with a user name before editing"));
        TextOperation operation;
        try {
            operation = TextOperation.fromJson(json.array("ops"));
        } catch (IllegalArgumentException e) {
            throw new RoomError("bad_edit", e.getMessage());
        }
        Applied applied;
        try {
            applied = document.submit(json.integer("version"), operation, user);
        } catch (RoomError e) {
            // The client's copy cannot be reconciled with this edit: give it the document afresh.
            ws.send(ServerMessages.error(e));
            ws.send(ServerMessages.document(document.current()));
            return;
        }
        ws.send(ServerMessages.ack(applied));
        broadcast(ServerMessages.edit(applied, user), ws);
    }

    private void broadcastPresence(WebSocket leaving) {
        broadcast(ServerMessages.presence(Members.present(ctx.getWebSockets(), leaving)), leaving);
    }

    /** Sends to every open socket but {@code except}; one broken socket must not stop the others. */
    private void broadcast(String message, WebSocket except) {
        for (WebSocket ws : ctx.getWebSockets()) {
            if (except != null && ws.id().equals(except.id())) {
                continue;
            }
            try {
                ws.send(message);
            } catch (RuntimeException closedMeanwhile) {
                // Its close event will follow and update presence; the message is in the history.
            }
        }
    }
}
