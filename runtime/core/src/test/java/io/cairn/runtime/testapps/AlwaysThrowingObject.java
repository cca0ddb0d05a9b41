package io.cairn.runtime.testapps;

import io.cairn.api.DurableObject;
import io.cairn.api.ObjectContext;
import io.cairn.api.Request;
import io.cairn.api.Response;

/** A class whose constructor always throws: a deployment of it must be refused. */
public final class AlwaysThrowingObject implements DurableObject {

    public AlwaysThrowingObject(ObjectContext ctx) {
        throw new IllegalStateException("this constructor always fails");
    }

    @Override
    public Response fetch(Request request) {
        return Response.ok("unreachable");
    }
}
