package io.cairn.relay.store;

import java.time.Instant;
import java.util.Objects;

/** One entry of a {@link ObjectStore#list(String) listing}. */
public record StoredObject(String key, long size, Instant lastModified) {

    public StoredObject {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(lastModified, "lastModified");
    }
}
