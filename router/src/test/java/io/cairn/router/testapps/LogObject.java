package io.cairn.router.testapps;

import io.cairn.api.DurableObject;
import io.cairn.api.ObjectContext;
import io.cairn.api.Request;
import io.cairn.api.Response;
import io.cairn.api.SqlStorage;

/**
 * An append-only log for the cluster tests: {@code POST /add?v=X} appends X and answers the
 * number of entries; {@code GET /} lists every entry in order, comma-separated. A lost write is a
 * missing value, a duplicated one appears twice.
 */
public final class LogObject implements DurableObject {

    private final SqlStorage sql;

    public LogObject(ObjectContext ctx) {
        this.sql = ctx.storage().sql();
        sql.exec("CREATE TABLE IF NOT EXISTS log(seq INTEGER PRIMARY KEY, v TEXT NOT NULL)");
    }

    @Override
    public Response fetch(Request request) {
        if (request.method().equals("POST") && request.path().equals("/add")) {
            String v = request.queryParam("v").orElseThrow(() -> new IllegalArgumentException("missing v"));
            sql.exec("INSERT INTO log(v) VALUES (?)", v);
            return Response.ok("n=" + sql.exec("SELECT count(*) AS n FROM log").one().getLong("n"));
        }
        StringBuilder sb = new StringBuilder();
        for (var row : sql.exec("SELECT v FROM log ORDER BY seq")) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(row.getString("v"));
        }
        return Response.ok(sb.toString());
    }
}
