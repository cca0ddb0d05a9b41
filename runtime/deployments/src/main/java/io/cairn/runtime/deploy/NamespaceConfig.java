package io.cairn.runtime.deploy;

import io.cairn.api.ObjectConfig;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The manifest's {@code config} of one namespace, as objects see it. */
record NamespaceConfig(Map<String, String> asMap) implements ObjectConfig {

    NamespaceConfig {
        asMap = Collections.unmodifiableMap(new LinkedHashMap<>(asMap));
    }

    @Override
    public Optional<String> get(String key) {
        return Optional.ofNullable(asMap.get(key));
    }
}
