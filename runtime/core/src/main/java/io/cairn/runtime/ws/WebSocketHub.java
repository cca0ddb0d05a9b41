package io.cairn.runtime.ws;

import io.cairn.api.AutoResponse;
import io.cairn.api.ObjectId;
import io.cairn.api.WebSocket;
import io.cairn.api.WebSocketMessage;
import io.vertx.core.http.ServerWebSocket;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every WebSocket of every object on this node, independent of whether the object is live.
 * Thread-safe. Inbound traffic goes to {@link SocketEvents} except text messages equal to the
 * object's auto-response request, which the hub answers itself so the object stays asleep.
 */
public final class WebSocketHub {

    public static final int MAX_SOCKETS_PER_OBJECT = 32_768;
    public static final int MAX_TAGS = 10;
    public static final int MAX_TAG_LENGTH = 256;

    private final Map<ObjectId, ObjectSockets> byObject = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final String idPrefix = Long.toString(System.nanoTime() & 0xffffff, 36) + "-";
    private final Clock clock;
    private SocketEvents events;

    private static final class ObjectSockets {
        final Map<String, HostedSocket> sockets = new LinkedHashMap<>();
        volatile AutoResponse autoResponse;
    }

    public WebSocketHub(Clock clock) {
        this.clock = clock;
    }

    /** Set once, before any socket is connected. */
    public void setEvents(SocketEvents events) {
        this.events = events;
    }

    /** Registers a socket accepted by {@code owner}; it counts as open from now on. */
    public HostedSocket accept(ObjectId owner, List<String> tags, OutboundGate gate) {
        if (tags.size() > MAX_TAGS) {
            throw new IllegalArgumentException(tags.size() + " tags given: a WebSocket takes at most " + MAX_TAGS);
        }
        for (String t : tags) {
            if (t == null || t.isEmpty() || t.length() > MAX_TAG_LENGTH) {
                throw new IllegalArgumentException("tag '" + t + "' is invalid: tags are 1.." + MAX_TAG_LENGTH + " characters");
            }
        }
        ObjectSockets os = byObject.computeIfAbsent(owner, k -> new ObjectSockets());
        synchronized (os) {
            if (os.sockets.size() >= MAX_SOCKETS_PER_OBJECT) {
                throw new IllegalStateException(owner + " already has " + MAX_SOCKETS_PER_OBJECT
                        + " WebSockets, the limit per object");
            }
            HostedSocket s = new HostedSocket(idPrefix + nextId.incrementAndGet(), owner, tags, gate, this);
            os.sockets.put(s.id(), s);
            return s;
        }
    }

    /** Completes the handshake of an accepted socket: wires inbound traffic and flushes early sends. */
    public void connect(HostedSocket s, ServerWebSocket ws) {
        ws.textMessageHandler(text -> {
            AutoResponse pair = autoResponse(s.owner()).orElse(null);
            if (pair != null && pair.request().equals(text)) {
                s.markAutoResponded(clock.instant());
                ws.writeTextMessage(pair.response());
                return;
            }
            events.onMessage(s, new WebSocketMessage.Text(text));
        });
        ws.binaryMessageHandler(buf -> events.onMessage(s, new WebSocketMessage.Binary(buf.getBytes())));
        ws.exceptionHandler(err -> events.onError(s, err));
        ws.closeHandler(v -> {
            s.markClosed();
            forget(s);
            if (!s.closedByObject()) {
                Short code = ws.closeStatusCode();
                events.onClose(s, code == null ? 1006 : code, ws.closeReason() == null ? "" : ws.closeReason(), code != null);
            }
        });
        s.attach(ws);
    }

    void forget(HostedSocket s) {
        byObject.computeIfPresent(s.owner(), (k, os) -> {
            synchronized (os) {
                os.sockets.remove(s.id());
                return os.sockets.isEmpty() && os.autoResponse == null ? null : os;
            }
        });
    }

    /** Open sockets of {@code owner}, optionally only those with {@code tag}. */
    public List<WebSocket> sockets(ObjectId owner, String tag) {
        ObjectSockets os = byObject.get(owner);
        if (os == null) {
            return List.of();
        }
        List<WebSocket> out = new ArrayList<>();
        synchronized (os) {
            for (HostedSocket s : os.sockets.values()) {
                if (s.readyState() == WebSocket.ReadyState.OPEN && (tag == null || s.tags().contains(tag))) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    public int count(ObjectId owner) {
        ObjectSockets os = byObject.get(owner);
        if (os == null) {
            return 0;
        }
        synchronized (os) {
            return os.sockets.size();
        }
    }

    public int count() {
        return byObject.values().stream().mapToInt(os -> {
            synchronized (os) {
                return os.sockets.size();
            }
        }).sum();
    }

    public void setAutoResponse(ObjectId owner, AutoResponse pair) {
        if (pair == null) {
            ObjectSockets os = byObject.get(owner);
            if (os != null) {
                os.autoResponse = null;
            }
            return;
        }
        byObject.computeIfAbsent(owner, k -> new ObjectSockets()).autoResponse = pair;
    }

    public Optional<AutoResponse> autoResponse(ObjectId owner) {
        ObjectSockets os = byObject.get(owner);
        return os == null ? Optional.empty() : Optional.ofNullable(os.autoResponse);
    }

    /** Closes the sockets of one object (e.g. with 1012 when it moves to another node; clients reconnect). */
    public void closeObject(ObjectId owner, int code, String reason) {
        ObjectSockets os = byObject.get(owner);
        if (os == null) {
            return;
        }
        List<HostedSocket> all;
        synchronized (os) {
            all = new ArrayList<>(os.sockets.values());
        }
        all.forEach(s -> s.transmit(new Frame.Close(code, reason)));
    }

    /** Closes every socket with 1001 (going away); used at shutdown. */
    public void closeAll() {
        for (ObjectSockets os : byObject.values()) {
            List<HostedSocket> all;
            synchronized (os) {
                all = new ArrayList<>(os.sockets.values());
            }
            all.forEach(s -> s.transmit(new Frame.Close(1001, "node shutting down")));
        }
    }
}
