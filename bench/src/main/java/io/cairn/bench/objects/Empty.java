package io.cairn.bench.objects;

import io.cairn.api.DurableObject;
import io.cairn.api.Request;
import io.cairn.api.Response;

/** Touches no storage: activation cost without user tables or a constructor commit. */
public final class Empty implements DurableObject {

    public Empty() {
    }

    @Override
    public Response fetch(Request request) {
        return Response.json(200, "{\"value\":0}");
    }
}
