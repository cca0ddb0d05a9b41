package io.cairn.api;

import java.util.Map;
import java.util.Optional;

/** Read-only configuration of a namespace, as written in the deployment manifest. */
public interface ObjectConfig {

    Optional<String> get(String key);

    default String get(String key, String defaultValue) {
        return get(key).orElse(defaultValue);
    }

    /** All entries, unmodifiable. */
    Map<String, String> asMap();
}
