package io.cairn.samples.rooms;

import io.cairn.samples.json.Json;
import io.cairn.samples.rooms.ChatLog.ChatMessage;
import io.cairn.samples.rooms.SharedDocument.Applied;
import io.cairn.samples.rooms.SharedDocument.State;
import java.util.List;
import java.util.Map;

/** Every message the room sends, in one place: this is the server half of the protocol. */
final class ServerMessages {

    private ServerMessages() {
    }

    /** To a joining client, first: the latest chat messages, oldest first. */
    static String history(List<ChatMessage> messages) {
        return Json.write(Json.object("type", "history", "messages", messages.stream().map(ChatMessage::toJson).toList()));
    }

    /** To a joining client (or one that fell behind): the whole shared document. */
    static String document(State state) {
        return Json.write(Json.object("type", "document", "version", state.version(), "text", state.text()));
    }

    /** To everyone, on every join and leave: who is here, sorted, each name once. */
    static String presence(List<String> users) {
        return Json.write(Json.object("type", "presence", "users", users));
    }

    /** To everyone: a new chat message. */
    static String message(ChatMessage message) {
        Map<String, Object> json = Json.object("type", "message");
        json.putAll(message.toJson());
        return Json.write(json);
    }

    /** To everyone but its author: an accepted edit, to apply on top of the previous version. */
    static String edit(Applied applied, String user) {
        return Json.write(Json.object("type", "edit", "version", applied.version(), "ops", applied.operation().toJson(), "user", user));
    }

    /** To the author of an accepted edit: the version it became. */
    static String ack(Applied applied) {
        return Json.write(Json.object("type", "ack", "version", applied.version()));
    }

    /** To one client: what was wrong with its last message. */
    static String error(RoomError error) {
        return Json.write(Json.object("type", "error", "code", error.code(), "message", error.getMessage()));
    }
}
