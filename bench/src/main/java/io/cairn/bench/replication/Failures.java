package io.cairn.bench.replication;

import java.util.Map;

/** Names for failed requests in result fields: the status code, or the exception's simple name. */
final class Failures {

    private Failures() {
    }

    static String name(Throwable e) {
        Throwable t = e;
        while ((t instanceof java.util.concurrent.CompletionException || t instanceof java.io.UncheckedIOException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName();
    }

    /** {@code 503x12,ConnectExceptionx3} (no spaces: a result field), or {@code -}. */
    static String format(Map<String, Integer> counts) {
        StringBuilder sb = new StringBuilder();
        counts.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ",").append(k).append('x').append(v));
        return sb.isEmpty() ? "-" : sb.toString();
    }
}
