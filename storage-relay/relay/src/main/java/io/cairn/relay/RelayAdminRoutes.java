package io.cairn.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.api.ObjectId;
import io.cairn.relay.capture.RestoreProgress;
import io.cairn.runtime.exec.ObjectFailure;
import io.cairn.runtime.exec.ObjectHost;
import io.cairn.runtime.http.HttpErrors;
import io.cairn.runtime.http.ObjectPath;
import io.cairn.runtime.spi.StorageUnavailableException;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * {@code GET .../bookmark?at=}, {@code POST .../restore}, {@code GET .../export} under
 * {@code /admin/v1/objects/{ns}/{name}}. Paths are parsed raw so encoded names stay whole.
 */
final class RelayAdminRoutes {

    private static final String PREFIX = "/admin/v1/objects/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RestoreService restores;
    private final ObjectHost host;

    RelayAdminRoutes(RestoreService restores, ObjectHost host) {
        this.restores = restores;
        this.host = host;
    }

    void mount(Router router) {
        router.get(PREFIX + "*").handler(ctx -> {
            ObjectPath path = parse(ctx);
            if (path == null) {
                return;
            }
            switch (path.rest()) {
                case "/bookmark" -> blocking(ctx, () -> bookmark(ctx, path.id()));
                case "/export" -> blocking(ctx, () -> export(ctx, path.id()));
                default -> ctx.next();
            }
        });
        router.post(PREFIX + "*").handler(BodyHandler.create(false).setBodyLimit(64 * 1024)).handler(ctx -> {
            ObjectPath path = parse(ctx);
            if (path == null) {
                return;
            }
            if (path.rest().equals("/restore")) {
                blocking(ctx, () -> restore(ctx, path.id()));
            } else {
                ctx.next();
            }
        });
    }

    private static ObjectPath parse(RoutingContext ctx) {
        try {
            return ObjectPath.parse(ctx.request().path(), PREFIX);
        } catch (ObjectPath.BadPath e) {
            error(ctx.response(), 400, "bad_name", e.getMessage());
            return null;
        }
    }

    private void bookmark(RoutingContext ctx, ObjectId id) {
        String at = ctx.request().getParam("at");
        if (at == null) {
            error(ctx.response(), 400, "bad_request", "give the moment as ?at=<RFC 3339 time>, e.g. ?at=2026-11-27T10:00:00Z");
            return;
        }
        Instant time = instant(at);
        send(ctx.response(), 200, Map.of("bookmark", restores.bookmarkAt(id, time), "at", time.toString()));
    }

    private void restore(RoutingContext ctx, ObjectId id) {
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes());
        } catch (java.io.IOException e) {
            throw new RelayException(400, "bad_request", "the body must be JSON: {\"at\":\"<RFC 3339>\"} or {\"bookmark\":\"...\"}");
        }
        if (body == null || !body.isObject() || body.has("at") == body.has("bookmark") || body.size() != 1) {
            throw new RelayException(400, "bad_request", "give exactly one of \"at\" (RFC 3339 time) or \"bookmark\"");
        }
        RestoreTarget target = body.has("at") ? new RestoreTarget.At(instant(body.get("at").asText()))
                : new RestoreTarget.Bookmark(body.get("bookmark").asText());
        RestoreService.Restored r = restores.restore(host, id, target, RestoreProgress.NONE).join();
        send(ctx.response(), 200, Map.of("restoredTo", r.restoredTo(), "undo", r.undo(), "bookmark", r.bookmark()));
    }

    private void export(RoutingContext ctx, ObjectId id) {
        Path file = restores.export(host, id).join();
        String name = id.namespace() + "-" + id.name().replaceAll("[^A-Za-z0-9._-]", "_") + ".sqlite";
        ctx.response().putHeader("content-type", "application/vnd.sqlite3")
                .putHeader("content-disposition", "attachment; filename=\"" + name + "\"")
                .sendFile(file.toString())
                .onComplete(ar -> {
                    try {
                        Files.deleteIfExists(file);
                    } catch (java.io.IOException ignored) {
                        // A leftover temp file is removed with the object's directory.
                    }
                });
    }

    private static Instant instant(String text) {
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new RelayException(400, "bad_time", "'" + text + "' is not an RFC 3339 time; use e.g. 2026-11-27T10:00:00Z");
        }
    }

    private static void blocking(RoutingContext ctx, Runnable work) {
        Thread.ofVirtual().name("cairn-relay-admin").start(() -> {
            try {
                work.run();
            } catch (Throwable t) {
                fail(ctx.response(), t);
            }
        });
    }

    private static void fail(HttpServerResponse resp, Throwable t) {
        Throwable cause = t;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        switch (cause) {
            case RelayException r -> error(resp, r.status, r.code, r.getMessage());
            case StorageUnavailableException s -> error(resp, 503, "storage_unavailable", s.getMessage());
            case ObjectFailure f -> error(resp, f.kind().status, f.kind().code, f.getMessage());
            default -> error(resp, 500, "internal", ObjectFailure.describe(cause));
        }
    }

    private static void error(HttpServerResponse resp, int status, String code, String message) {
        HttpErrors.send(resp, status, code, message);
    }

    private static void send(HttpServerResponse resp, int status, Object body) {
        try {
            resp.setStatusCode(status).putHeader("content-type", "application/json").end(JSON.writeValueAsString(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            error(resp, 500, "internal", e.getMessage());
        }
    }
}
