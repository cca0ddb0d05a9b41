package io.cairn.runtime.sqlite;

import java.util.Comparator;

/**
 * UTF-8 facts about Java strings. SQLite stores TEXT as UTF-8 and its BINARY collation compares
 * with memcmp, so keys sort by their UTF-8 bytes, which is Unicode code point order (Java's
 * {@link String#compareTo} uses UTF-16 units and differs above U+FFFF).
 */
final class Utf8 {

    /** Code point order, the same as the order of the UTF-8 encodings. */
    static final Comparator<String> ORDER = Utf8::compare;

    private Utf8() {
    }

    /**
     * Bytes of {@code s} in UTF-8 as the JDBC driver encodes it (an unpaired surrogate becomes
     * one replacement byte {@code ?}).
     */
    static long length(String s) {
        long bytes = 0;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes += 1;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** True when {@code s} has a surrogate that is not part of a pair (it cannot be encoded faithfully). */
    static boolean hasUnpairedSurrogate(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /**
     * The smallest string greater than every string starting with {@code prefix}, or null when
     * there is none (an empty prefix, or one made only of U+10FFFF).
     */
    static String prefixUpperBound(String prefix) {
        int[] cps = prefix.codePoints().toArray();
        for (int k = cps.length - 1; k >= 0; k--) {
            if (cps[k] < Character.MAX_CODE_POINT) {
                int next = cps[k] + 1;
                cps[k] = next == Character.MIN_SURROGATE ? Character.MAX_SURROGATE + 1 : next;
                return new String(cps, 0, k + 1);
            }
        }
        return null;
    }
}
