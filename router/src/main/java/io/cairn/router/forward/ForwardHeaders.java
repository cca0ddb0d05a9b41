package io.cairn.router.forward;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The headers forwarding adds, and which headers cross a hop. Stateless; safe from any thread.
 */
public final class ForwardHeaders {

    /** How many nodes have forwarded this request so far; the forwarder sends the incoming value + 1. */
    public static final String HOPS = "Cairn-Forwarded-Hops";
    /** The id of the node that forwarded this request (the last hop). */
    public static final String BY = "Cairn-Forwarded-By";
    /** Set by a node on its platform errors; {@link #OBJECT_MOVING} and {@link #SHUTTING_DOWN} make the forwarder retry. */
    public static final String ERROR = "Cairn-Error";
    public static final String OBJECT_MOVING = "object_moving";
    public static final String SHUTTING_DOWN = "shutting_down";

    /** Meaningful for one connection only (RFC 9110 §7.6.1); {@code host} is rewritten by the client. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding", "te",
            "trailer", "upgrade", "host", "content-length", "expect", "http2-settings");
    /** The upstream handshake makes its own key, version and extensions; sub-protocols go as a list. */
    private static final Set<String> WEBSOCKET_HANDSHAKE = Set.of("sec-websocket-key", "sec-websocket-version",
            "sec-websocket-extensions", "sec-websocket-accept", "sec-websocket-protocol");

    private ForwardHeaders() {
    }

    /** The hop count this request arrived with: 0 when absent or not a non-negative integer. */
    public static int hops(HttpServerRequest req) {
        String v = req.getHeader(HOPS);
        if (v == null) {
            return 0;
        }
        try {
            return Math.max(0, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Whether an owner's 503 says "not here right now", which makes the attempt worth repeating. */
    static boolean retryableError(String cairnError) {
        return OBJECT_MOVING.equals(cairnError) || SHUTTING_DOWN.equals(cairnError);
    }

    /**
     * The headers to send upstream: the client's end-to-end headers, the hop count + 1, this node's id,
     * and the client's address appended to {@code X-Forwarded-For}.
     */
    static MultiMap upstreamRequest(HttpServerRequest req, String nodeId, boolean webSocket) {
        Set<String> dropped = droppedBy(req.headers());
        MultiMap out = MultiMap.caseInsensitiveMultiMap();
        for (Map.Entry<String, String> h : req.headers()) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (dropped.contains(name) || webSocket && WEBSOCKET_HANDSHAKE.contains(name)) {
                continue;
            }
            out.add(h.getKey(), h.getValue());
        }
        int hops = hops(req);
        out.set(HOPS, Integer.toString(hops == Integer.MAX_VALUE ? hops : hops + 1));
        out.set(BY, nodeId);
        SocketAddress remote = req.remoteAddress();
        if (remote != null && remote.hostAddress() != null) {
            String earlier = req.getHeader("x-forwarded-for");
            out.set("X-Forwarded-For", earlier == null ? remote.hostAddress() : earlier + ", " + remote.hostAddress());
        }
        String host = req.getHeader("host");
        if (host != null && !out.contains("x-forwarded-host")) {
            out.set("X-Forwarded-Host", host);
        }
        return out;
    }

    /** Copies an owner's response headers onto the client's response, minus the hop-by-hop ones. */
    static void copyResponse(MultiMap from, MultiMap to, boolean keepContentLength) {
        Set<String> dropped = droppedBy(from);
        for (Map.Entry<String, String> h : from) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (dropped.contains(name) && !(keepContentLength && name.equals("content-length"))) {
                continue;
            }
            to.add(h.getKey(), h.getValue());
        }
    }

    /** Hop-by-hop names plus {@code proxy-*} and whatever the {@code Connection} header lists (RFC 9110 §7.6.1). */
    private static Set<String> droppedBy(MultiMap headers) {
        Set<String> dropped = new HashSet<>(HOP_BY_HOP);
        for (String connection : headers.getAll("connection")) {
            for (String token : connection.split(",")) {
                dropped.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        for (String name : headers.names()) {
            if (name.toLowerCase(Locale.ROOT).startsWith("proxy-")) {
                dropped.add(name.toLowerCase(Locale.ROOT));
            }
        }
        return dropped;
    }
}
