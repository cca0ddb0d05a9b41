package io.cairn.samples.json;

/** Malformed JSON, or a JSON value that does not have the expected shape; the message says which. */
public class JsonException extends RuntimeException {

    public JsonException(String message) {
        super(message);
    }
}
