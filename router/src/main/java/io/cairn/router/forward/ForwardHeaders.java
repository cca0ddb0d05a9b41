package io.cairn.router.forward;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The headers forwarding adds, and which headers cross a hop. Stateless; safe from any thread.
 *
 * <p>Every forwarded request and answer passes through here, so names are compared in place
 * ({@code equalsIgnoreCase} after a switch on the length) instead of lowercasing each one into a new
 * string and building a set per message: one pass, no allocation unless a {@code Connection} header
 * lists extra names.
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

    private static final String FORWARDED_FOR = "X-Forwarded-For";
    private static final String FORWARDED_HOST = "X-Forwarded-Host";
    private static final String PROXY_PREFIX = "proxy-";
    private static final String WEBSOCKET_PREFIX = "sec-websocket-";
    /** The upstream handshake makes its own key, version and extensions; sub-protocols go as a list. */
    private static final String[] WEBSOCKET_HANDSHAKE = {"key", "version", "extensions", "accept", "protocol"};

    private ForwardHeaders() {
    }

    /** The hop count this request arrived with: 0 when absent or not a non-negative integer. */
    public static int hops(HttpServerRequest req) {
        return parseHops(req.getHeader(HOPS));
    }

    private static int parseHops(String v) {
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

    /** {@link #copyRequest} into a new map, for APIs that take the headers up front (the WebSocket client). */
    static MultiMap upstreamRequest(HttpServerRequest req, String nodeId, boolean webSocket) {
        MultiMap out = HttpHeaders.headers();
        copyRequest(req, nodeId, webSocket, out);
        return out;
    }

    /**
     * Adds to {@code out} the headers to send upstream: the client's end-to-end headers, the hop count + 1,
     * this node's id, and the client's address appended to {@code X-Forwarded-For}.
     */
    static void copyRequest(HttpServerRequest req, String nodeId, boolean webSocket, MultiMap out) {
        MultiMap in = req.headers();
        List<String> listed = connectionListed(in);
        // Read while copying, so that the headers are walked once; the first value counts, as getHeader would.
        String hops = null;
        String forwardedFor = null;
        String host = null;
        boolean forwardedHost = false;
        for (Map.Entry<String, String> h : in) {
            String name = h.getKey();
            if (name.equalsIgnoreCase(HOPS)) {
                hops = hops == null ? h.getValue() : hops;
            } else if (name.equalsIgnoreCase(FORWARDED_FOR)) {
                forwardedFor = forwardedFor == null ? h.getValue() : forwardedFor;
            } else if (name.equalsIgnoreCase(BY)) {
                continue; // replaced by this node's id below
            } else if (name.length() == 4 && name.equalsIgnoreCase("host")) {
                host = host == null ? h.getValue() : host;
            } else if (!dropped(name, listed) && !(webSocket && webSocketHandshake(name))) {
                forwardedHost |= name.equalsIgnoreCase(FORWARDED_HOST);
                out.add(name, h.getValue());
            }
        }
        int n = parseHops(hops);
        out.add(HOPS, Integer.toString(n == Integer.MAX_VALUE ? n : n + 1));
        out.add(BY, nodeId);
        SocketAddress remote = req.remoteAddress();
        String client = remote == null ? null : remote.hostAddress();
        if (client != null) {
            out.add(FORWARDED_FOR, forwardedFor == null ? client : forwardedFor + ", " + client);
        } else if (forwardedFor != null) {
            out.add(FORWARDED_FOR, forwardedFor);
        }
        if (host != null && !forwardedHost) {
            out.add(FORWARDED_HOST, host);
        }
    }

    /** Copies an owner's response headers onto the client's response, minus the hop-by-hop ones. */
    static void copyResponse(MultiMap from, MultiMap to, boolean keepContentLength) {
        List<String> listed = connectionListed(from);
        for (Map.Entry<String, String> h : from) {
            String name = h.getKey();
            if (dropped(name, listed) && !(keepContentLength && name.equalsIgnoreCase("content-length"))) {
                continue;
            }
            to.add(name, h.getValue());
        }
    }

    /**
     * Hop-by-hop (RFC 9110 §7.6.1): the fixed set, {@code proxy-*}, and the names the {@code Connection}
     * header lists; {@code host} is rewritten by the client and {@code content-length} by whoever writes the body.
     */
    static boolean dropped(String name, List<String> connectionListed) {
        if (hopByHop(name) || name.regionMatches(true, 0, PROXY_PREFIX, 0, PROXY_PREFIX.length())) {
            return true;
        }
        for (String listed : connectionListed) {
            if (listed.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hopByHop(String name) {
        return switch (name.length()) {
            case 2 -> name.equalsIgnoreCase("te");
            case 4 -> name.equalsIgnoreCase("host");
            case 6 -> name.equalsIgnoreCase("expect");
            case 7 -> name.equalsIgnoreCase("trailer") || name.equalsIgnoreCase("upgrade");
            case 10 -> name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
            case 14 -> name.equalsIgnoreCase("content-length") || name.equalsIgnoreCase("http2-settings");
            case 17 -> name.equalsIgnoreCase("transfer-encoding");
            default -> false;
        };
    }

    private static boolean webSocketHandshake(String name) {
        if (!name.regionMatches(true, 0, WEBSOCKET_PREFIX, 0, WEBSOCKET_PREFIX.length())) {
            return false;
        }
        int rest = name.length() - WEBSOCKET_PREFIX.length();
        for (String suffix : WEBSOCKET_HANDSHAKE) {
            if (suffix.length() == rest && name.regionMatches(true, WEBSOCKET_PREFIX.length(), suffix, 0, rest)) {
                return true;
            }
        }
        return false;
    }

    /** The names the {@code Connection} header lists besides the fixed hop-by-hop ones; empty (shared) when none. */
    private static List<String> connectionListed(MultiMap headers) {
        if (headers.get("connection") == null) {
            return List.of();
        }
        List<String> listed = null;
        for (String value : headers.getAll("connection")) {
            int start = 0;
            while (start <= value.length()) {
                int comma = value.indexOf(',', start);
                int end = comma < 0 ? value.length() : comma;
                String token = value.substring(start, end).trim();
                if (!token.isEmpty() && !hopByHop(token)) {
                    if (listed == null) {
                        listed = new ArrayList<>(2);
                    }
                    listed.add(token);
                }
                start = end + 1;
            }
        }
        return listed == null ? List.of() : listed;
    }
}
