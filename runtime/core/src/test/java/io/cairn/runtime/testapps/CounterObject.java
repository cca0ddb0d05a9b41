package io.cairn.runtime.testapps;

import io.cairn.api.DurableObject;
import io.cairn.api.ObjectContext;
import io.cairn.api.Request;
import io.cairn.api.Response;
import io.cairn.api.SqlStorage;

/** POST /increment → {"value":N}; GET → {"value":N}; POST /fail → writes then throws. */
public final class CounterObject implements DurableObject {

    private final SqlStorage sql;

    public CounterObject(ObjectContext ctx) {
        this.sql = ctx.storage().sql();
        sql.exec("CREATE TABLE IF NOT EXISTS counter(id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL)");
        sql.exec("INSERT OR IGNORE INTO counter(id, value) VALUES (1, 0)");
    }

    @Override
    public Response fetch(Request request) {
        switch (request.method() + " " + request.path()) {
            case "POST /increment" -> {
                long by = Long.parseLong(request.queryParam("by").orElse("1"));
                sql.exec("UPDATE counter SET value = value + ? WHERE id = 1", by);
                return value();
            }
            case "POST /fail" -> {
                sql.exec("UPDATE counter SET value = value + 1000 WHERE id = 1");
                throw new IllegalStateException("failing on purpose after a write");
            }
            case "GET ", "GET /" -> {
                return value();
            }
            default -> {
                return Response.json(404, "{\"error\":{\"code\":\"no_route\",\"message\":\"" + request.path() + "\"}}");
            }
        }
    }

    private Response value() {
        long v = sql.exec("SELECT value FROM counter WHERE id = 1").one().getLong("value");
        return Response.json(200, "{\"value\":" + v + "}");
    }
}
