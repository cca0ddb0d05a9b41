package io.cairn.runtime.sqlite;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/** A small least-recently-used map that hands evicted values to a callback. */
final class LruCache<K, V> extends LinkedHashMap<K, V> {

    private final int capacity;
    private final Consumer<V> onEvict;

    LruCache(int capacity, Consumer<V> onEvict) {
        super(16, 0.75f, true);
        this.capacity = capacity;
        this.onEvict = onEvict;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        if (size() <= capacity) {
            return false;
        }
        onEvict.accept(eldest.getValue());
        return true;
    }
}
