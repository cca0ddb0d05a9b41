package io.cairn.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Immutable HTTP headers: names compare case-insensitively, order and repeated values kept. */
public final class Headers {

    private static final Headers EMPTY = new Headers(new LinkedHashMap<>());

    /** Lower-cased name → (original name, values). */
    private final Map<String, Entry> entries;

    private record Entry(String name, List<String> values) {
    }

    private Headers(Map<String, Entry> entries) {
        this.entries = entries;
    }

    public static Headers empty() {
        return EMPTY;
    }

    /** Headers from alternating names and values: {@code of("content-type", "text/plain")}. */
    public static Headers of(String... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Headers.of takes name, value pairs; got an odd count");
        }
        Builder b = builder();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            b.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return b.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        entries.values().forEach(e -> e.values.forEach(v -> b.add(e.name, v)));
        return b;
    }

    /** The first value of {@code name}, if present. */
    public Optional<String> first(String name) {
        Entry e = entries.get(key(name));
        return e == null ? Optional.empty() : Optional.of(e.values.get(0));
    }

    /** Every value of {@code name}, in order; empty when absent. */
    public List<String> all(String name) {
        Entry e = entries.get(key(name));
        return e == null ? List.of() : e.values;
    }

    public boolean contains(String name) {
        return entries.containsKey(key(name));
    }

    /** Header names as first added (original case). */
    public Set<String> names() {
        Set<String> names = new java.util.LinkedHashSet<>();
        entries.values().forEach(e -> names.add(e.name));
        return Collections.unmodifiableSet(names);
    }

    /** Every (name, value) pair in order. */
    public List<Map.Entry<String, String>> entries() {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        entries.values().forEach(e -> e.values.forEach(v -> out.add(Map.entry(e.name, v))));
        return out;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Headers h && entries().equals(h.entries());
    }

    @Override
    public int hashCode() {
        return entries().hashCode();
    }

    @Override
    public String toString() {
        return entries().toString();
    }

    public static final class Builder {
        private final Map<String, Entry> entries = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds a value, keeping earlier values of the same name. */
        public Builder add(String name, String value) {
            checkName(name);
            if (value == null) {
                throw new IllegalArgumentException("header '" + name + "' has a null value");
            }
            entries.computeIfAbsent(key(name), k -> new Entry(name, new ArrayList<>())).values.add(value);
            return this;
        }

        /** Replaces every value of {@code name} with {@code value}. */
        public Builder set(String name, String value) {
            remove(name);
            return add(name, value);
        }

        public Builder remove(String name) {
            entries.remove(key(name));
            return this;
        }

        public Headers build() {
            Map<String, Entry> copy = new LinkedHashMap<>();
            entries.forEach((k, e) -> copy.put(k, new Entry(e.name, List.copyOf(e.values))));
            return new Headers(copy);
        }

        private static void checkName(String name) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("header name is empty");
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c <= ' ' || c >= 127 || c == ':') {
                    throw new IllegalArgumentException("header name '" + name + "' has an invalid character at index " + i);
                }
            }
        }
    }
}
