package io.cairn.runtime.http;

import io.cairn.api.ObjectId;
import io.cairn.runtime.deploy.Deployment;
import io.cairn.runtime.deploy.DeploymentRejectedException;
import io.cairn.runtime.exec.DeploymentDryRun;
import io.cairn.runtime.exec.ObjectHost;
import io.cairn.runtime.spi.NodeExtension;
import io.cairn.runtime.spi.ObjectLister;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin/v1/...}: deployments, object listing and the object view. Blocking work
 * (validating a JAR, reading the catalog) runs on virtual threads, never on the event loop.
 */
final class AdminApi {

    private static final int MAX_LIST_LIMIT = 1000;

    private final ObjectHost host;
    private final java.util.function.Supplier<NodeIdentity> node;

    private final List<NodeExtension> extensions;

    private final io.cairn.runtime.spi.Deployer deployer;

    AdminApi(ObjectHost host, java.util.function.Supplier<NodeIdentity> node, List<NodeExtension> extensions,
             io.cairn.runtime.spi.Deployer deployer) {
        this.host = host;
        this.deployer = deployer;
        this.node = node;
        this.extensions = List.copyOf(extensions);
    }

    void mount(Vertx vertx, Router router, String adminToken, long maxDeploymentBytes) {
        router.route("/admin/*").handler(new AdminAuth(adminToken));
        extensions.forEach(e -> e.mountRoutes(router));
        router.post("/admin/v1/deployments").handler(BodyHandler.create(false).setBodyLimit(maxDeploymentBytes))
                .handler(ctx -> blocking(ctx, () -> deploy(ctx)));
        router.get("/admin/v1/deployments").handler(ctx -> blocking(ctx, () -> Json.send(ctx.response(), 200,
                Map.of("deployments", host.deployments().list().stream().map(AdminApi::view).toList()))));
        router.get("/admin/v1/cluster").handler(ctx -> blocking(ctx, () -> Json.send(ctx.response(), 200, cluster())));
        router.get("/admin/v1/namespaces/:ns/objects").handler(ctx -> blocking(ctx, () -> listObjects(ctx)));
        router.get("/admin/v1/objects/*").handler(ctx -> blocking(ctx, () -> objectView(ctx)));
        router.route("/admin/*").handler(ctx -> HttpErrors.send(ctx.response(), 404, "not_found",
                "no admin route " + ctx.request().method() + " " + ctx.request().path()));
    }

    private static void blocking(RoutingContext ctx, Runnable work) {
        Thread.ofVirtual().name("cairn-admin").start(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                HttpErrors.send(ctx.response(), e);
            }
        });
    }

    private void deploy(RoutingContext ctx) {
        byte[] jar = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
        try {
            Deployment d = deployer.deploy(jar, new DeploymentDryRun(host));
            Json.send(ctx.response(), 201, view(d));
        } catch (DeploymentRejectedException e) {
            HttpErrors.send(ctx.response(), 400, e.code(), e.getMessage());
        }
    }

    static Map<String, Object> view(Deployment d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("version", d.version());
        m.put("app", d.app());
        m.put("namespaces", List.copyOf(d.namespaces().keySet()));
        m.put("classes", d.namespaces().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().className())));
        m.put("sha256", d.sha256());
        m.put("sizeBytes", d.sizeBytes());
        m.put("deployedAt", d.deployedAt().toString());
        return m;
    }

    private Map<String, Object> cluster() {
        for (NodeExtension e : extensions) {
            Map<String, Object> view = e.clusterView();
            if (view != null) {
                return view;
            }
        }
        Map<String, Object> member = new LinkedHashMap<>();
        member.put("id", node.get().id());
        member.put("address", node.get().address());
        member.put("self", true);
        member.put("liveObjects", host.liveCount());
        member.put("objects", host.catalog().objectCountsByNamespace());
        member.put("webSockets", host.hub().count());
        return Map.of("members", List.of(member), "replication", Map.of("replicas", 0, "quorum", 0));
    }

    private void listObjects(RoutingContext ctx) {
        String ns = ctx.pathParam("ns");
        String problem = ObjectId.namespaceProblem(ns);
        if (problem != null) {
            HttpErrors.send(ctx.response(), 400, "bad_name", problem);
            return;
        }
        int limit = 100;
        String rawLimit = ctx.request().getParam("limit");
        if (rawLimit != null) {
            try {
                limit = Integer.parseInt(rawLimit);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIST_LIMIT) {
                HttpErrors.send(ctx.response(), 400, "bad_request", "limit must be 1.." + MAX_LIST_LIMIT + ", got '" + rawLimit + "'");
                return;
            }
        }
        String prefix = ctx.request().getParam("prefix");
        String after = ctx.request().getParam("after");
        ObjectLister lister = extensions.stream().map(NodeExtension::objectLister).filter(java.util.Objects::nonNull)
                .findFirst().orElse(host.catalog()::listObjects);
        List<String> names = lister.list(ns, prefix, after, limit + 1);
        boolean more = names.size() > limit;
        List<String> page = more ? names.subList(0, limit) : names;
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("namespace", ns);
        body.put("objects", page);
        body.put("next", more ? page.get(page.size() - 1) : null);
        Json.send(ctx.response(), 200, body);
    }

    private void objectView(RoutingContext ctx) {
        ObjectPath path;
        try {
            path = ObjectPath.parse(ctx.request().path(), "/admin/v1/objects/");
        } catch (ObjectPath.BadPath e) {
            HttpErrors.send(ctx.response(), 400, "bad_name", e.getMessage());
            return;
        }
        if (!path.rest().isEmpty()) {
            HttpErrors.send(ctx.response(), 404, "not_found", "no admin route GET " + ctx.request().path()
                    + " (restore, export and bookmarks come with the storage relay)");
            return;
        }
        ObjectId id = path.id();
        Path db = host.pathFor(id);
        boolean exists = Files.exists(db);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("namespace", id.namespace());
        body.put("name", id.name());
        body.put("exists", exists);
        body.put("owner", Map.of("id", node.get().id(), "address", node.get().address()));
        body.put("live", host.isLive(id));
        body.put("sizeBytes", exists ? fileSize(db) + fileSize(Path.of(db + "-wal")) : 0);
        body.put("webSockets", host.hub().count(id));
        body.put("replicas", List.of());
        extensions.forEach(e -> body.putAll(e.describeObject(id)));
        if (!exists) {
            HttpErrors.send(ctx.response(), 404, "not_found", "object " + id + " has no database on this node");
            return;
        }
        Json.send(ctx.response(), 200, body);
    }

    private static long fileSize(Path p) {
        try {
            return Files.exists(p) ? Files.size(p) : 0;
        } catch (java.io.IOException e) {
            return 0;
        }
    }
}
