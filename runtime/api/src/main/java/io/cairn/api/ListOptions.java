package io.cairn.api;

/**
 * Bounds for {@link KvStorage#list}.
 *
 * @param start first key included (inclusive), or null
 * @param startAfter first key excluded (exclusive lower bound), or null; not with {@code start}
 * @param end upper bound (exclusive), or null
 * @param prefix only keys starting with this, or null
 * @param reverse descending order; {@code limit} then takes the highest keys
 * @param limit at most this many entries; 0 means no limit
 */
public record ListOptions(String start, String startAfter, String end, String prefix, boolean reverse, int limit) {

    public ListOptions {
        if (start != null && startAfter != null) {
            throw new IllegalArgumentException("give start or startAfter, not both");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be 0 (no limit) or positive, got " + limit);
        }
    }

    public static ListOptions all() {
        return new ListOptions(null, null, null, null, false, 0);
    }

    public static ListOptions prefix(String prefix) {
        return all().withPrefix(prefix);
    }

    public ListOptions withStart(String s) {
        return new ListOptions(s, startAfter, end, prefix, reverse, limit);
    }

    public ListOptions withStartAfter(String s) {
        return new ListOptions(start, s, end, prefix, reverse, limit);
    }

    public ListOptions withEnd(String e) {
        return new ListOptions(start, startAfter, e, prefix, reverse, limit);
    }

    public ListOptions withPrefix(String p) {
        return new ListOptions(start, startAfter, end, p, reverse, limit);
    }

    public ListOptions reversed() {
        return new ListOptions(start, startAfter, end, prefix, !reverse, limit);
    }

    public ListOptions withLimit(int l) {
        return new ListOptions(start, startAfter, end, prefix, reverse, l);
    }
}
