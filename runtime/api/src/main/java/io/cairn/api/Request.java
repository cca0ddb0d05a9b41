package io.cairn.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP request delivered to an object.
 *
 * @param method upper-case method, e.g. {@code GET}
 * @param path the path after {@code /objects/{ns}/{name}}, percent-decoded; {@code ""} or starts with {@code /}
 * @param rawQuery the query string without {@code ?}, as sent (still encoded); {@code ""} when none
 * @param headers request headers as sent
 * @param body the request body; empty when none
 */
public record Request(String method, String path, String rawQuery, Headers headers, byte[] body) {

    public Request {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        rawQuery = rawQuery == null ? "" : rawQuery;
        headers = headers == null ? Headers.empty() : headers;
        body = body == null ? new byte[0] : body;
    }

    public static Builder builder(String method, String path) {
        return new Builder(method, path);
    }

    /** The body decoded as UTF-8. */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The first value of query parameter {@code name}, decoded. */
    public Optional<String> queryParam(String name) {
        List<String> values = queryParams().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every query parameter, decoded, in order of appearance. */
    public Map<String, List<String>> queryParams() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (rawQuery.isEmpty()) {
            return out;
        }
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String k = eq < 0 ? part : part.substring(0, eq);
            String v = eq < 0 ? "" : part.substring(eq + 1);
            out.computeIfAbsent(decode(k), x -> new ArrayList<>()).add(decode(v));
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** True when this request asks to upgrade to a WebSocket. */
    public boolean isWebSocketUpgrade() {
        return headers.first("upgrade").map(v -> v.equalsIgnoreCase("websocket")).orElse(false);
    }

    @Override
    public String toString() {
        return method + " " + path + (rawQuery.isEmpty() ? "" : "?" + rawQuery) + " (" + body.length + " bytes)";
    }

    public static final class Builder {
        private final String method;
        private final String path;
        private String rawQuery = "";
        private final Headers.Builder headers = Headers.builder();
        private byte[] body = new byte[0];

        private Builder(String method, String path) {
            this.method = Objects.requireNonNull(method, "method").toUpperCase(java.util.Locale.ROOT);
            String p = Objects.requireNonNull(path, "path");
            int q = p.indexOf('?');
            if (q >= 0) {
                this.rawQuery = p.substring(q + 1);
                p = p.substring(0, q);
            }
            this.path = p.isEmpty() || p.startsWith("/") ? p : "/" + p;
        }

        public Builder query(String rawQuery) {
            this.rawQuery = rawQuery == null ? "" : rawQuery;
            return this;
        }

        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        public Builder body(byte[] body) {
            this.body = body == null ? new byte[0] : body;
            return this;
        }

        public Builder body(String body) {
            return body(body == null ? null : body.getBytes(StandardCharsets.UTF_8));
        }

        public Request build() {
            return new Request(method, path, rawQuery, headers.build(), body);
        }
    }
}
