package io.cairn.runtime.deploy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One namespace entry of a manifest: the object class bound to it and its configuration.
 *
 * @param className binary name of the class, e.g. {@code io.cairn.samples.rooms.Room}
 * @param config    string→string configuration handed to objects as
 *                  {@link io.cairn.api.ObjectContext#config()}; unmodifiable, manifest order kept
 */
public record NamespaceSpec(String className, Map<String, String> config) {

    public NamespaceSpec {
        Objects.requireNonNull(className, "className");
        config = config == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }
}
