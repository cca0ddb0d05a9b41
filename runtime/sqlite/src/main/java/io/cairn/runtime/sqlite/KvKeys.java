package io.cairn.runtime.sqlite;

import io.cairn.api.KvStorage;
import java.util.Collection;

/** Argument checks of the KV API; all throw {@link IllegalArgumentException} naming the limit. */
final class KvKeys {

    private KvKeys() {
    }

    static void checkKey(String key) {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        long bytes = Utf8.length(key);
        if (bytes > SqliteLimits.MAX_KV_KEY_BYTES) {
            throw new IllegalArgumentException("key '" + abbreviate(key) + "' is " + SqliteLimits.format(bytes)
                    + " bytes; keys may be at most " + SqliteLimits.format(SqliteLimits.MAX_KV_KEY_BYTES) + " bytes (UTF-8)");
        }
        checkEncodable("key", key);
    }

    static void checkEntry(String key, String value) {
        checkKey(key);
        if (value == null) {
            throw new IllegalArgumentException("value for key '" + abbreviate(key)
                    + "' must not be null; use delete(key) to remove a key");
        }
        long bytes = Utf8.length(key) + Utf8.length(value);
        if (bytes > SqliteLimits.MAX_KV_ENTRY_BYTES) {
            throw new IllegalArgumentException("value for key '" + abbreviate(key) + "' is too big: key and value take "
                    + SqliteLimits.format(bytes) + " bytes, and together may take at most "
                    + SqliteLimits.format(SqliteLimits.MAX_KV_ENTRY_BYTES) + " bytes (UTF-8; a row is limited to "
                    + SqliteLimits.format(SqliteLimits.MAX_VALUE_BYTES) + " bytes); split the value over several keys");
        }
    }

    static void checkKeys(String operation, Collection<String> keys) {
        if (keys == null) {
            throw new IllegalArgumentException("keys must not be null");
        }
        checkCount(operation, keys.size());
        keys.forEach(KvKeys::checkKey);
    }

    static void checkCount(String operation, int count) {
        if (count > KvStorage.MAX_KEYS_PER_CALL) {
            throw new IllegalArgumentException(operation + "() takes at most " + KvStorage.MAX_KEYS_PER_CALL
                    + " keys per call, got " + count + "; split the call");
        }
    }

    /** A list bound: any string that could be a key prefix, or null. */
    static void checkBound(String name, String bound) {
        if (bound != null) {
            checkEncodable(name, bound);
        }
    }

    /** Keys must survive UTF-8 encoding unchanged, or ordering and lookups would silently differ. */
    private static void checkEncodable(String what, String s) {
        if (Utf8.hasUnpairedSurrogate(s)) {
            throw new IllegalArgumentException(what + " '" + abbreviate(s)
                    + "' contains an unpaired UTF-16 surrogate, which cannot be stored as UTF-8");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
