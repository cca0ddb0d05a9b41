package io.cairn.runtime.testapps;

import io.cairn.api.AlarmInvocation;
import io.cairn.api.DurableObject;
import io.cairn.api.ObjectContext;
import io.cairn.api.Request;
import io.cairn.api.Response;
import io.cairn.api.SqlRow;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * POST /set?inMs=N sets the alarm; the alarm records each delivery (retry count) and throws while
 * the config value "failTimes" is larger than the retry count. GET /fired lists deliveries.
 */
public final class AlarmObject implements DurableObject {

    private final ObjectContext ctx;

    public AlarmObject(ObjectContext ctx) {
        this.ctx = ctx;
        ctx.storage().sql().exec("CREATE TABLE IF NOT EXISTS fired(seq INTEGER PRIMARY KEY, retry INTEGER, at TEXT)");
        ctx.storage().sql().exec("CREATE TABLE IF NOT EXISTS attempts(seq INTEGER PRIMARY KEY, retry INTEGER)");
    }

    @Override
    public Response fetch(Request request) {
        if (request.path().equals("/set")) {
            long in = Long.parseLong(request.queryParam("inMs").orElse("0"));
            ctx.storage().setAlarm(Instant.now().plusMillis(in));
            return Response.ok("set");
        }
        if (request.path().equals("/get")) {
            return Response.ok(ctx.storage().getAlarm().map(Instant::toString).orElse("none"));
        }
        String fired = ctx.storage().sql().exec("SELECT retry FROM fired ORDER BY seq").toList().stream()
                .map(r -> String.valueOf(r.getLong("retry"))).collect(Collectors.joining(","));
        return Response.ok(fired);
    }

    @Override
    public void alarm(AlarmInvocation invocation) {
        int failTimes = Integer.parseInt(ctx.config().get("failTimes", "0"));
        if (invocation.retryCount() < failTimes) {
            throw new IllegalStateException("alarm failing on purpose, retry " + invocation.retryCount());
        }
        ctx.storage().sql().exec("INSERT INTO fired(retry, at) VALUES (?, ?)", invocation.retryCount(), Instant.now().toString());
    }

    static String describe(SqlRow r) {
        return r.toString();
    }
}
