package io.cairn.runtime.ws;

import io.cairn.api.ObjectId;
import io.cairn.api.WebSocket;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One accepted WebSocket, owned by the node. The object sees it as {@link WebSocket}; the same
 * instance is handed to every incarnation of the object, which is what lets the attachment
 * survive eviction.
 */
public final class HostedSocket implements WebSocket {

    private final String id;
    private final ObjectId owner;
    private final List<String> tags;
    private final OutboundGate gate;
    private final WebSocketHub hub;

    private ServerWebSocket wire;
    /** Frames released before the handshake finished; flushed on attach. */
    private final List<Frame> early = new ArrayList<>();
    private volatile ReadyState state = ReadyState.OPEN;
    private volatile boolean closedByObject;
    private volatile byte[] attachment;
    private volatile Instant autoResponseAt;

    HostedSocket(String id, ObjectId owner, List<String> tags, OutboundGate gate, WebSocketHub hub) {
        this.id = id;
        this.owner = owner;
        this.tags = List.copyOf(tags);
        this.gate = gate;
        this.hub = hub;
    }

    @Override
    public String id() {
        return id;
    }

    public ObjectId owner() {
        return owner;
    }

    @Override
    public List<String> tags() {
        return tags;
    }

    @Override
    public void send(String text) {
        checkOpen();
        gate.submit(this, new Frame.Text(text));
    }

    @Override
    public void send(byte[] binary) {
        checkOpen();
        gate.submit(this, new Frame.Binary(binary.clone()));
    }

    @Override
    public void close(int code, String reason) {
        if (code != 1000 && (code < 3000 || code > 4999)) {
            throw new IllegalArgumentException("close code " + code + " is not allowed: use 1000 or 3000..4999");
        }
        if (state != ReadyState.OPEN) {
            return;
        }
        state = ReadyState.CLOSING;
        closedByObject = true;
        gate.submit(this, new Frame.Close(code, reason == null ? "" : reason));
    }

    @Override
    public void serializeAttachment(byte[] value) {
        if (value != null && value.length > MAX_ATTACHMENT_BYTES) {
            throw new IllegalArgumentException("attachment is " + value.length + " bytes: the limit is "
                    + MAX_ATTACHMENT_BYTES + " (keep larger state in storage and attach its key)");
        }
        attachment = value == null ? null : value.clone();
    }

    @Override
    public byte[] deserializeAttachment() {
        byte[] a = attachment;
        return a == null ? null : a.clone();
    }

    @Override
    public ReadyState readyState() {
        return state;
    }

    public boolean closedByObject() {
        return closedByObject;
    }

    public Optional<Instant> autoResponseAt() {
        return Optional.ofNullable(autoResponseAt);
    }

    void markAutoResponded(Instant at) {
        autoResponseAt = at;
    }

    void markClosed() {
        state = ReadyState.CLOSED;
    }

    private void checkOpen() {
        if (state != ReadyState.OPEN) {
            throw new IllegalStateException("WebSocket " + id + " is " + state + ": nothing more can be sent on it");
        }
    }

    /** Puts a released frame on the wire (or holds it until the handshake completes). Any thread. */
    public void transmit(Frame frame) {
        ServerWebSocket w;
        synchronized (this) {
            if (wire == null) {
                early.add(frame);
                return;
            }
            w = wire;
        }
        write(w, frame);
    }

    synchronized void attach(ServerWebSocket ws) {
        wire = ws;
        for (Frame f : early) {
            write(ws, f);
        }
        early.clear();
    }

    /** The accepting event failed or did not return this socket: it will never be connected. */
    public void abandonPending() {
        markClosed();
        hub.forget(this);
    }

    private static void write(ServerWebSocket w, Frame frame) {
        switch (frame) {
            case Frame.Text t -> w.writeTextMessage(t.text());
            case Frame.Binary b -> w.writeBinaryMessage(Buffer.buffer(b.data()));
            case Frame.Close c -> w.close((short) c.code(), c.reason());
        }
    }

    @Override
    public String toString() {
        return "WebSocket[" + id + " of " + owner + ", " + state + "]";
    }
}
