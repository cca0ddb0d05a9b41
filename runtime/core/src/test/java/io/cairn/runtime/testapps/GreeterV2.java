package io.cairn.runtime.testapps;

import io.cairn.api.DurableObject;
import io.cairn.api.ObjectContext;
import io.cairn.api.Request;
import io.cairn.api.Response;

/** Version 2 of the "greeter" namespace: counts visits in KV and answers "v2 visits=N". */
public final class GreeterV2 implements DurableObject {

    private final ObjectContext ctx;

    public GreeterV2(ObjectContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Response fetch(Request request) {
        long visits = Long.parseLong(ctx.storage().kv().get("visits").orElse("0")) + 1;
        ctx.storage().kv().put("visits", Long.toString(visits));
        return Response.ok("v2 visits=" + visits + " greeting=" + ctx.config().get("greeting", "none"));
    }
}
