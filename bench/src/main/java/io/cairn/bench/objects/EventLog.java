package io.cairn.bench.objects;

import io.cairn.api.DurableObject;
import io.cairn.api.ObjectContext;
import io.cairn.api.Request;
import io.cairn.api.Response;
import io.cairn.api.SqlStorage;
import java.nio.charset.StandardCharsets;

/**
 * One single-row INSERT per event: {@code POST /append} with the payload as body. The raw
 * sqlite-jdbc baseline runs the same table, statement and bindings ({@link #CREATE}, {@link #INSERT}).
 */
public final class EventLog implements DurableObject {

    public static final String CREATE =
            "CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, payload TEXT NOT NULL)";
    public static final String INSERT = "INSERT INTO events (at, payload) VALUES (?, ?)";

    private final SqlStorage sql;

    public EventLog(ObjectContext ctx) {
        this.sql = ctx.storage().sql();
        sql.exec(CREATE);
    }

    @Override
    public Response fetch(Request request) {
        if (request.method().equals("POST")) {
            sql.exec(INSERT, System.currentTimeMillis(), new String(request.body(), StandardCharsets.UTF_8));
            return Response.json(200, "{\"ok\":true}");
        }
        long n = sql.exec("SELECT count(*) AS n FROM events").one().getLong("n");
        return Response.json(200, "{\"events\":" + n + "}");
    }
}
