package io.cairn.api;

/** Base of the exceptions the runtime throws into object code. */
public class CairnException extends RuntimeException {

    public CairnException(String message) {
        super(message);
    }

    public CairnException(String message, Throwable cause) {
        super(message, cause);
    }
}
