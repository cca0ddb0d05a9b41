package io.cairn.runtime.http;

import io.cairn.runtime.deploy.DeploymentStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.Map;

/** {@code GET /apps/{app}/...}: static files from the assets directory of the app's latest deployment. */
final class AppAssets {

    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "json", "application/json", "svg", "image/svg+xml",
            "png", "image/png", "ico", "image/x-icon", "txt", "text/plain; charset=utf-8");

    private final DeploymentStore deployments;

    AppAssets(DeploymentStore deployments) {
        this.deployments = deployments;
    }

    void mount(Router router) {
        // Without the slash, relative links in the page would resolve against /apps/.
        router.getWithRegex("^/apps/[a-z][a-z0-9-]{0,62}$").handler(ctx -> ctx.redirect(ctx.request().path() + "/"));
        router.get("/apps/:app/*").handler(this::serve);
    }

    private void serve(RoutingContext ctx) {
        String app = ctx.pathParam("app");
        String rest = ctx.pathParam("*");
        if (rest == null || rest.isEmpty() || rest.endsWith("/")) {
            rest = (rest == null ? "" : rest) + "index.html";
        }
        String file = rest;
        deployments.asset(app, file).ifPresentOrElse(bytes -> {
            int dot = file.lastIndexOf('.');
            String ext = dot < 0 ? "" : file.substring(dot + 1).toLowerCase(Locale.ROOT);
            ctx.response().putHeader("content-type", TYPES.getOrDefault(ext, "application/octet-stream"))
                    .putHeader("cache-control", "no-cache")
                    .end(Buffer.buffer(bytes));
        }, () -> HttpErrors.send(ctx.response(), 404, "not_found", "no asset '" + file + "' in app '" + app + "'"));
    }
}
