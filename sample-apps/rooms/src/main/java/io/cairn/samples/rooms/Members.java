package io.cairn.samples.rooms;

import io.cairn.api.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Who is on each socket. The name is kept in the socket's attachment, not in a field: the object
 * may be evicted while its sockets stay open, and the attachment is what survives.
 */
final class Members {

    static final int MAX_NAME_LENGTH = 40;

    private Members() {
    }

    static Optional<String> userOf(WebSocket ws) {
        byte[] attachment = ws.deserializeAttachment();
        return attachment == null ? Optional.empty() : Optional.of(new String(attachment, StandardCharsets.UTF_8));
    }

    static void setUser(WebSocket ws, String user) {
        ws.serializeAttachment(user.getBytes(StandardCharsets.UTF_8));
    }

    /** The users on {@code sockets} other than {@code leaving} (which may be null), sorted, each once. */
    static List<String> present(List<WebSocket> sockets, WebSocket leaving) {
        TreeSet<String> users = new TreeSet<>();
        for (WebSocket ws : sockets) {
            if (leaving == null || !ws.id().equals(leaving.id())) {
                userOf(ws).ifPresent(users::add);
            }
        }
        return List.copyOf(users);
    }

    /** A display name: 1 to 40 characters, no control characters, surrounding spaces dropped. */
    static String validName(String raw) {
        String name = raw.strip();
        int length = name.codePointCount(0, name.length());
        if (length == 0 || length > MAX_NAME_LENGTH || name.codePoints().anyMatch(Character::isISOControl)) {
            throw new RoomError("bad_user", "a user name has 1 to " + MAX_NAME_LENGTH + " characters and no control characters");
        }
        return name;
    }
}
