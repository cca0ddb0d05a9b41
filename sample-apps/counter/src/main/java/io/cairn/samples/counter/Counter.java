package io.cairn.samples.counter;

import io.cairn.api.DurableObject;
import io.cairn.api.Headers;
import io.cairn.api.ObjectContext;
import io.cairn.api.Request;
import io.cairn.api.Response;
import io.cairn.api.SqlRow;
import io.cairn.api.SqlStorage;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * A named counter kept in the object's own SQLite database.
 *
 * <pre>
 * POST /objects/counter/{name}/increment[?by=N]  → 200 {"value":N}
 * GET  /objects/counter/{name}                   → 200 {"value":N}
 * </pre>
 *
 * The value lives in SQL rather than in a field so that it survives eviction and restarts; the
 * field-free design also means the object holds no state the runtime cannot see.
 */
public final class Counter implements DurableObject {

    private final SqlStorage sql;

    public Counter(ObjectContext ctx) {
        this.sql = ctx.storage().sql();
        // Runs on every activation, inside the input gate, so the table exists before any event.
        // A single-row table: the CHECK keeps a bug from ever creating a second counter row.
        sql.exec("CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL)");
    }

    @Override
    public Response fetch(Request request) {
        String path = request.path();
        if (path.isEmpty() || path.equals("/")) {
            return request.method().equals("GET")
                    ? value(current())
                    : methodNotAllowed(request.method(), "GET");
        }
        if (path.equals("/increment")) {
            return request.method().equals("POST")
                    ? increment(request)
                    : methodNotAllowed(request.method(), "POST");
        }
        return Json.error(404, "not_found",
                "no route " + path + " on a counter: use GET /objects/counter/{name} or POST /objects/counter/{name}/increment");
    }

    private Response increment(Request request) {
        long by;
        Optional<String> raw = request.queryParam("by");
        if (raw.isEmpty()) {
            by = 1;
        } else {
            try {
                by = Long.parseLong(raw.get().strip());
            } catch (NumberFormatException e) {
                return Json.error(400, "bad_request",
                        "query parameter 'by' must be an integer (e.g. ?by=5), got '" + Json.printable(raw.get()) + "'");
            }
        }
        long next;
        try {
            next = Math.addExact(current(), by);
        } catch (ArithmeticException e) {
            return Json.error(400, "bad_request",
                    "incrementing by " + by + " would overflow the counter's 64-bit range");
        }
        // Single-threaded object: read-then-write needs no locking, and the whole event commits
        // atomically when this handler returns.
        sql.exec("INSERT INTO counter (id, value) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET value = excluded.value",
                next);
        return value(next);
    }

    private long current() {
        List<SqlRow> rows = sql.exec("SELECT value FROM counter WHERE id = 1").toList();
        return rows.isEmpty() ? 0 : rows.get(0).getLong("value");
    }

    private static Response value(long value) {
        return Response.json(200, "{\"value\":" + value + "}");
    }

    private static Response methodNotAllowed(String method, String allowed) {
        Response r = Json.error(405, "method_not_allowed",
                "method " + method + " is not allowed here: use " + allowed);
        Headers headers = r.headers().toBuilder().set("allow", allowed).build();
        return new Response(r.status(), headers, r.body(), null);
    }

    /** Hand-written JSON: object classes see only the JDK and cairn-api, so no JSON library. */
    static final class Json {

        private Json() {
        }

        static Response error(int status, String code, String message) {
            return new Response(status, Headers.of("content-type", "application/json"),
                    ("{\"error\":{\"code\":" + quote(code) + ",\"message\":" + quote(message) + "}}")
                            .getBytes(StandardCharsets.UTF_8),
                    null);
        }

        static String quote(String s) {
            StringBuilder b = new StringBuilder(s.length() + 2).append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            return b.append('"').toString();
        }

        /** Echoes user input in messages without letting a huge value bloat the response. */
        static String printable(String s) {
            return s.length() > 40 ? s.substring(0, 40) + "..." : s;
        }
    }
}
