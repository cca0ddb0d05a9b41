package io.cairn.runtime.testapps;

import io.cairn.api.DurableObject;
import io.cairn.api.ObjectContext;
import io.cairn.api.Request;
import io.cairn.api.Response;

/**
 * GET /call?ns=N&name=M&path=P calls object N/M at P and answers "via NAME: " + its body, with its
 * status. GET /echo answers this object's name.
 */
public final class CallerObject implements DurableObject {

    private final ObjectContext ctx;

    public CallerObject(ObjectContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Response fetch(Request request) {
        if (request.path().equals("/echo")) {
            return Response.ok("I am " + ctx.id().name());
        }
        String ns = request.queryParam("ns").orElseThrow();
        String name = request.queryParam("name").orElseThrow();
        String path = request.queryParam("path").orElse("/echo");
        Response inner = ctx.stub(ns, name).fetch("GET", path, null);
        return Response.text(inner.status(), "via " + ctx.id().name() + ": " + inner.bodyAsString());
    }
}
