package io.cairn.bench.objects;

import io.cairn.api.DurableObject;
import io.cairn.api.ObjectContext;
import io.cairn.api.Request;
import io.cairn.api.Response;
import io.cairn.api.SqlStorage;

/**
 * The counter of the sample app, reduced to the two routes the HTTP benchmark drives:
 * {@code GET /} reads the value (one PK SELECT), {@code POST /increment} adds one (one UPDATE).
 * The constructor creates its table and row, so a first request to a new name is a real creation.
 */
public final class Counter implements DurableObject {

    private final SqlStorage sql;

    public Counter(ObjectContext ctx) {
        this.sql = ctx.storage().sql();
        sql.exec("CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL)");
        sql.exec("INSERT OR IGNORE INTO counter (id, value) VALUES (1, 0)");
    }

    @Override
    public Response fetch(Request request) {
        if (request.method().equals("POST")) {
            long v = sql.exec("UPDATE counter SET value = value + 1 WHERE id = 1 RETURNING value").one().getLong("value");
            return Response.json(200, "{\"value\":" + v + "}");
        }
        long v = sql.exec("SELECT value FROM counter WHERE id = 1").one().getLong("value");
        return Response.json(200, "{\"value\":" + v + "}");
    }
}
