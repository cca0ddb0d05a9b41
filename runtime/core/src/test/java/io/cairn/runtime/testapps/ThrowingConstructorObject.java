package io.cairn.runtime.testapps;

import io.cairn.api.DurableObject;
import io.cairn.api.ObjectContext;
import io.cairn.api.Request;
import io.cairn.api.Response;

/** Its constructor throws for names starting with "bad"; others work. */
public final class ThrowingConstructorObject implements DurableObject {

    public ThrowingConstructorObject(ObjectContext ctx) {
        if (ctx.id().name().startsWith("bad")) {
            throw new IllegalArgumentException("cannot start " + ctx.id().name());
        }
    }

    @Override
    public Response fetch(Request request) {
        return Response.ok("fine");
    }
}
