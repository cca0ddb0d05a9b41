package io.cairn.relay.capture;

/**
 * Bookmarks name a txid as 16 lower-case hex digits, so that comparing bookmarks as strings orders them
 * like their txids (they also serve as object-key components).
 */
public final class Bookmarks {

    private static final int LENGTH = 16;

    private Bookmarks() {
    }

    public static String format(long txid) {
        if (txid < 0) {
            throw new IllegalArgumentException("txids are not negative: " + txid);
        }
        String hex = Long.toHexString(txid);
        return "0".repeat(LENGTH - hex.length()) + hex;
    }

    /** @throws IllegalArgumentException "not a bookmark: ..." for anything but the output of {@link #format} */
    public static long parse(String bookmark) {
        if (bookmark == null || bookmark.length() != LENGTH) {
            throw notABookmark(bookmark);
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = bookmark.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                throw notABookmark(bookmark);
            }
        }
        long txid = Long.parseUnsignedLong(bookmark, 16);
        if (txid < 0) {
            throw notABookmark(bookmark);
        }
        return txid;
    }

    private static IllegalArgumentException notABookmark(String s) {
        return new IllegalArgumentException("not a bookmark: " + (s == null ? "null" : '"' + s + '"'));
    }
}
