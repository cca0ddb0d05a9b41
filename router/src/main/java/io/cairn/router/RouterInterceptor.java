package io.cairn.router;

import io.cairn.router.dispatch.ClusterDispatcher;
import io.cairn.router.forward.ForwardTarget;
import io.cairn.router.forward.HttpForwarder;
import io.cairn.router.membership.MemberInfo;
import io.cairn.router.ownership.Ownership;
import io.cairn.runtime.http.ObjectPath;
import io.cairn.runtime.spi.RequestInterceptor;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.IntFunction;

/**
 * Sends requests for objects this node does not own to their owner: the data plane
 * ({@code /objects/...}, HTTP and WebSocket) and the per-object admin routes
 * ({@code /admin/v1/objects/...}: view, bookmark, restore, export run where the object lives).
 * Requests for objects owned here, bad paths (the node answers 400) and requests that already
 * crossed {@link #MAX_HOPS} nodes are left to the node; the latter then either serve or answer
 * 503 {@code object_moving}, so views that disagree during a membership change cannot loop.
 */
final class RouterInterceptor implements RequestInterceptor {

    static final int MAX_HOPS = ClusterDispatcher.MAX_HOPS;
    private static final String OBJECTS = "/objects/";
    private static final String ADMIN_OBJECTS = "/admin/v1/objects/";

    private final Ownership ownership;
    private final String self;
    private final HttpForwarder forwarder;

    RouterInterceptor(Ownership ownership, String self, HttpForwarder forwarder) {
        this.ownership = ownership;
        this.self = self;
        this.forwarder = forwarder;
    }

    @Override
    public boolean intercept(HttpServerRequest req) {
        String path = req.path();
        String prefix = path.startsWith(OBJECTS) ? OBJECTS : path.startsWith(ADMIN_OBJECTS) ? ADMIN_OBJECTS : null;
        if (prefix == null) {
            return false;
        }
        ObjectPath parsed;
        try {
            parsed = ObjectPath.parse(path, prefix);
        } catch (ObjectPath.BadPath e) {
            return false;
        }
        String hops = req.getHeader(ClusterDispatcher.HOPS_HEADER);
        if (hops != null && parseHops(hops) >= MAX_HOPS) {
            return false;
        }
        MemberInfo owner = ownership.owner(parsed.id()).orElse(null);
        if (owner == null || owner.nodeId().equals(self)) {
            return false;
        }
        IntFunction<ForwardTarget> resolve = attempt -> ownership.owner(parsed.id())
                .filter(m -> !m.nodeId().equals(self))
                .<ForwardTarget>map(m -> new ForwardTarget.Remote(m.nodeId(), m.httpAddress()))
                .orElseGet(() -> new ForwardTarget.Unavailable(parsed.id() + " is moving to this node; retry"));
        boolean upgrade = "websocket".equalsIgnoreCase(req.getHeader("upgrade"));
        if (upgrade) {
            forwarder.forwardWebSocket(req, resolve);
        } else {
            forwarder.forward(req, resolve);
        }
        return true;
    }

    private static int parseHops(String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
