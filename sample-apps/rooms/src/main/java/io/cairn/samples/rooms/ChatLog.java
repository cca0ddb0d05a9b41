package io.cairn.samples.rooms;

import io.cairn.api.SqlRow;
import io.cairn.api.SqlStorage;
import io.cairn.samples.json.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The room's chat messages, kept in its database for as long as the room exists. */
final class ChatLog {

    /** One message; {@code at} is RFC 3339 in UTC. */
    record ChatMessage(long id, String user, String text, String at) {

        Map<String, Object> toJson() {
            return Json.object("id", id, "user", user, "text", text, "at", at);
        }
    }

    private final SqlStorage sql;

    ChatLog(SqlStorage sql) {
        this.sql = sql;
    }

    void createIfAbsent() {
        // AUTOINCREMENT: ids rise by one per message and are never handed out twice.
        sql.exec("""
                CREATE TABLE IF NOT EXISTS messages (
                  id     INTEGER PRIMARY KEY AUTOINCREMENT,
                  author TEXT NOT NULL,
                  text   TEXT NOT NULL,
                  at     TEXT NOT NULL
                )""");
    }

    ChatMessage append(String user, String text) {
        String at = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
        long id = sql.exec("INSERT INTO messages (author, text, at) VALUES (?, ?, ?) RETURNING id", user, text, at)
                .one().getLong("id");
        return new ChatMessage(id, user, text, at);
    }

    /** The last {@code limit} messages, oldest first. */
    List<ChatMessage> recent(int limit) {
        List<ChatMessage> messages = new ArrayList<>();
        for (SqlRow row : sql.exec("SELECT id, author, text, at FROM messages ORDER BY id DESC LIMIT ?", limit)) {
            messages.add(new ChatMessage(row.getLong("id"), row.getString("author"), row.getString("text"), row.getString("at")));
        }
        return messages.reversed();
    }
}
