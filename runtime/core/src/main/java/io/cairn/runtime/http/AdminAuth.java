package io.cairn.runtime.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Lets a request through only with {@code Authorization: Bearer <admin token>}; compares in constant time. */
final class AdminAuth implements Handler<RoutingContext> {

    private final byte[] token;

    AdminAuth(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(RoutingContext ctx) {
        String header = ctx.request().getHeader("authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            HttpErrors.send(ctx.response(), 401, "unauthorized",
                    "admin routes need 'Authorization: Bearer <token>' (the token is printed at start and kept in the data dir)");
            return;
        }
        byte[] given = header.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token)) {
            HttpErrors.send(ctx.response(), 401, "unauthorized", "the admin token is not valid");
            return;
        }
        ctx.next();
    }
}
