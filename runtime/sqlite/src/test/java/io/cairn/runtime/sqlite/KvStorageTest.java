package io.cairn.runtime.sqlite;

import io.cairn.api.Storage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.api.KvStorage;
import io.cairn.api.ListOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KvStorageTest extends DatabaseTestSupport {

    /** Sorted by UTF-8 bytes (code point order); Java's String order would put the emoji before U+FF5E. */
    private static final List<String> UNICODE_KEYS = List.of("a", "a\u0000", "aa", "b", "é", "éa", "ê", "\uFF5E", "😀", "😀x");

    private List<String> keys(ListOptions options) {
        return eventResult((Storage s) -> new ArrayList<>(s.kv().list(options).keySet()));
    }

    private void putAll(List<String> keys) {
        event(s -> keys.forEach(k -> s.kv().put(k, "v:" + k)));
    }

    @Test
    void putGetDeleteSingleKeys() {
        event(s -> {
            KvStorage kv = s.kv();
            assertThat(kv.get("k")).isEmpty();
            kv.put("k", "v1");
            assertThat(kv.get("k")).contains("v1");
            kv.put("k", "v2");
            assertThat(kv.get("k")).contains("v2");
            kv.put("empty", "");
            assertThat(kv.get("empty")).contains("");
            assertThat(kv.delete("k")).isTrue();
            assertThat(kv.delete("k")).isFalse();
            assertThat(kv.get("k")).isEmpty();
        });
        assertThat(eventResult((Storage s) -> s.kv().get("empty"))).contains("");
    }

    @Test
    void multiKeyCalls() {
        event(s -> {
            Map<String, String> entries = new LinkedHashMap<>();
            entries.put("x", "1");
            entries.put("y", "2");
            entries.put("z", "3");
            s.kv().put(entries);
            assertThat(s.kv().get(List.of("z", "missing", "x"))).containsExactly(Map.entry("z", "3"), Map.entry("x", "1"));
            assertThat(s.kv().delete(List.of("x", "missing", "y"))).isEqualTo(2);
            assertThat(s.kv().list()).containsOnlyKeys("z");
        });
    }

    @Test
    void multiKeyCallsTakeAtMost128Keys() {
        List<String> max = IntStream.range(0, 128).mapToObj(i -> "k" + i).toList();
        List<String> tooMany = IntStream.range(0, 129).mapToObj(i -> "k" + i).toList();
        Map<String, String> entries = max.stream().collect(Collectors.toMap(k -> k, k -> k));
        event(s -> {
            s.kv().put(entries);
            assertThat(s.kv().get(max)).hasSize(128);
            assertThatThrownBy(() -> s.kv().get(tooMany)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("get() takes at most 128 keys per call, got 129; split the call");
            Map<String, String> big = tooMany.stream().collect(Collectors.toMap(k -> k, k -> k));
            assertThatThrownBy(() -> s.kv().put(big)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("128");
            assertThatThrownBy(() -> s.kv().delete(tooMany)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("128");
            assertThat(s.kv().delete(max)).isEqualTo(128);
        });
    }

    @Test
    void keyAndValueLimits() {
        event(s -> {
            KvStorage kv = s.kv();
            kv.put("k".repeat(2048), "ok");
            kv.put("é".repeat(1024), "ok");
            assertThatThrownBy(() -> kv.put("k".repeat(2049), "v")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("2,049 bytes").hasMessageContaining("at most 2,048 bytes");
            assertThatThrownBy(() -> kv.get("é".repeat(1025))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> kv.put("", "v")).isInstanceOf(IllegalArgumentException.class).hasMessage("key must not be empty");
            assertThatThrownBy(() -> kv.get((String) null)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> kv.put("k", null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("use delete(key)");
            assertThatThrownBy(() -> kv.put("bad\uD800", "v")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("unpaired");
            String largest = "v".repeat(SqliteLimits.MAX_KV_ENTRY_BYTES - 3);
            kv.put("big", largest);
            assertThat(kv.get("big")).contains(largest);
            assertThatThrownBy(() -> kv.put("big", largest + "v")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("too big");
        });
    }

    @Test
    void refusedEntryInAMultiPutWritesNothing() {
        event(s -> {
            Map<String, String> entries = new LinkedHashMap<>();
            entries.put("good", "1");
            entries.put("", "2");
            assertThatThrownBy(() -> s.kv().put(entries)).isInstanceOf(IllegalArgumentException.class);
            assertThat(s.kv().get("good")).isEmpty();
        });
    }

    @Test
    void listIsOrderedByUtf8BytesWithUnicodeKeys() {
        List<String> shuffled = new ArrayList<>(UNICODE_KEYS);
        java.util.Collections.shuffle(shuffled, new java.util.Random(7));
        putAll(shuffled);
        assertThat(keys(ListOptions.all())).containsExactlyElementsOf(UNICODE_KEYS);
        assertThat(keys(ListOptions.all().reversed())).containsExactlyElementsOf(reversed(UNICODE_KEYS));
        assertThat(eventResult((Storage s) -> s.kv().list().get("😀"))).isEqualTo("v:😀");
    }

    @Test
    void sqliteComparesKeysAsUtf8Bytes() {
        putAll(UNICODE_KEYS);
        List<String> utf8Sorted = UNICODE_KEYS.stream().sorted((a, b) -> Arrays.compareUnsigned(
                a.getBytes(java.nio.charset.StandardCharsets.UTF_8), b.getBytes(java.nio.charset.StandardCharsets.UTF_8))).toList();
        assertThat(keys(ListOptions.all())).containsExactlyElementsOf(utf8Sorted);
    }

    @Test
    void listBounds() {
        putAll(UNICODE_KEYS);
        assertThat(keys(ListOptions.all().withStart("b"))).containsExactly("b", "é", "éa", "ê", "\uFF5E", "😀", "😀x");
        assertThat(keys(ListOptions.all().withStartAfter("b"))).containsExactly("é", "éa", "ê", "\uFF5E", "😀", "😀x");
        assertThat(keys(ListOptions.all().withEnd("b"))).containsExactly("a", "a\u0000", "aa");
        assertThat(keys(ListOptions.all().withStart("aa").withEnd("ê"))).containsExactly("aa", "b", "é", "éa");
        assertThat(keys(ListOptions.all().withStartAfter("aa").withEnd("ê"))).containsExactly("b", "é", "éa");
        assertThat(keys(ListOptions.all().withStart("z").withEnd("a"))).isEmpty();
        assertThat(keys(ListOptions.all().withLimit(3))).containsExactly("a", "a\u0000", "aa");
        assertThat(keys(ListOptions.all().withStart("\uFF5E"))).containsExactly("\uFF5E", "😀", "😀x");
    }

    @Test
    void reverseWithLimitTakesTheHighestKeys() {
        putAll(UNICODE_KEYS);
        assertThat(keys(ListOptions.all().reversed().withLimit(3))).containsExactly("😀x", "😀", "\uFF5E");
        assertThat(keys(ListOptions.all().reversed().withEnd("é").withLimit(2))).containsExactly("b", "aa");
        assertThat(keys(ListOptions.all().reversed().withStartAfter("a").withEnd("é"))).containsExactly("b", "aa", "a\u0000");
    }

    @Test
    void prefixCombinesWithOtherBounds() {
        putAll(List.of("user:1", "user:2", "user:3", "user;", "user", "users", "usez", "😀:a", "😀:b", "😀;"));
        assertThat(keys(ListOptions.prefix("user:"))).containsExactly("user:1", "user:2", "user:3");
        assertThat(keys(ListOptions.prefix("user:").withStartAfter("user:1"))).containsExactly("user:2", "user:3");
        assertThat(keys(ListOptions.prefix("user:").withStart("user:2").withEnd("user:3"))).containsExactly("user:2");
        assertThat(keys(ListOptions.prefix("user:").withStart("a"))).containsExactly("user:1", "user:2", "user:3");
        assertThat(keys(ListOptions.prefix("user:").withEnd("zzz").reversed().withLimit(2))).containsExactly("user:3", "user:2");
        assertThat(keys(ListOptions.prefix("user"))).containsExactly("user", "user:1", "user:2", "user:3", "user;", "users");
        assertThat(keys(ListOptions.prefix("😀"))).containsExactly("😀:a", "😀:b", "😀;");
        assertThat(keys(ListOptions.prefix("😀:").reversed())).containsExactly("😀:b", "😀:a");
        assertThat(keys(ListOptions.prefix(""))).hasSize(10);
        assertThat(keys(ListOptions.prefix("nothing"))).isEmpty();
    }

    @Test
    void prefixUpperBoundSkipsSurrogatesAndTheLastCodePoint() {
        assertThat(Utf8.prefixUpperBound("ab")).isEqualTo("ac");
        assertThat(Utf8.prefixUpperBound("a\uD7FF")).isEqualTo("a\uE000");
        assertThat(Utf8.prefixUpperBound("a\uDBFF\uDFFF")).isEqualTo("b");
        assertThat(Utf8.prefixUpperBound("")).isNull();
        assertThat(Utf8.prefixUpperBound("😀")).isEqualTo("😁");
    }

    @Test
    void kvDataIsPersistedAndSeparateFromSql() {
        event(s -> s.kv().put("k", "v"));
        reopen();
        event(s -> {
            assertThat(s.kv().get("k")).contains("v");
            s.sql().exec("CREATE TABLE kv (key TEXT, value TEXT)");
            assertThat(count(s, "kv")).isZero();
        });
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }
}
