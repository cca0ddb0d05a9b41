package io.cairn.runtime.exec;

import io.cairn.api.ObjectId;

/**
 * Why an event could not be answered by the object. Each kind maps to one HTTP status and error
 * code of the public contract, so the front and stubs need no guessing.
 */
public final class ObjectFailure extends RuntimeException {

    public enum Kind {
        UNKNOWN_NAMESPACE(404, "unknown_namespace"),
        ACTIVATION_FAILED(500, "activation_failed"),
        OBJECT_THREW(500, "object_error"),
        STORAGE_FAILED(500, "storage_failed"),
        NOT_DURABLE(503, "not_durable"),
        STORAGE_UNAVAILABLE(503, "storage_unavailable"),
        SHUTTING_DOWN(503, "shutting_down"),
        MOVED(503, "object_moving"),
        CALL_CYCLE(508, "call_cycle");

        public final int status;
        public final String code;

        Kind(int status, String code) {
            this.status = status;
            this.code = code;
        }
    }

    private final Kind kind;
    private final ObjectId object;

    public ObjectFailure(Kind kind, ObjectId object, String message, Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.object = object;
    }

    public Kind kind() {
        return kind;
    }

    public ObjectId object() {
        return object;
    }

    /** A one-line description of {@code t} for clients: its class and message, never a stack trace. */
    public static String describe(Throwable t) {
        String m = t.getMessage();
        String type = t.getClass().getSimpleName();
        return m == null || m.isBlank() ? type : type + ": " + m;
    }
}
