package io.cairn.router.deploy;

import io.cairn.api.DurableObject;
import io.cairn.api.ObjectContext;
import io.cairn.api.Request;
import io.cairn.api.Response;

import java.util.function.Supplier;

/**
 * Packed into test deployment JARs: answers its namespace's config value {@code text}. It also
 * implements {@link Supplier} (a JDK type, visible to deployed code), so tests can ask a loaded
 * instance without a request.
 */
public final class EchoObject implements DurableObject, Supplier<String> {

    private final String text;

    public EchoObject(ObjectContext ctx) {
        this.text = ctx.config().get("text", "none");
    }

    @Override
    public Response fetch(Request request) {
        return Response.ok(text);
    }

    @Override
    public String get() {
        return text;
    }
}
