package io.cairn.api;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Key-value storage in the object's database, in a reserved table that user SQL cannot touch.
 * Keys are non-empty strings of at most 2,048 bytes; values are strings (store JSON for
 * structure); key and value together are at most 1,999,984 bytes of UTF-8 (one row of at most 2 MB). Multi-key calls take at most 128 keys. Keys sort by their UTF-8
 * bytes.
 */
public interface KvStorage {

    int MAX_KEYS_PER_CALL = 128;

    Optional<String> get(String key);

    /** The values of those {@code keys} that exist, in the order of the keys. */
    Map<String, String> get(Collection<String> keys);

    void put(String key, String value);

    void put(Map<String, String> entries);

    /** Deletes {@code key}; true when it existed. */
    boolean delete(String key);

    /** Deletes {@code keys}; returns how many existed. */
    int delete(Collection<String> keys);

    /** Entries in key order (or reverse), bounded by {@code options}. */
    SortedMap<String, String> list(ListOptions options);

    default SortedMap<String, String> list() {
        return list(ListOptions.all());
    }
}
