package io.cairn.samples.rooms;

/** A client message the room cannot act on; the client gets {@code {"type":"error","code","message"}}. */
final class RoomError extends RuntimeException {

    private final String code;

    RoomError(String code, String message) {
        super(message);
        this.code = code;
    }

    String code() {
        return code;
    }
}
