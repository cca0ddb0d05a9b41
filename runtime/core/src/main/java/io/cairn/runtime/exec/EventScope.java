package io.cairn.runtime.exec;

import io.cairn.runtime.ws.Frame;
import io.cairn.runtime.ws.HostedSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * What one event produced besides its storage writes: WebSocket frames and newly accepted
 * sockets. They are held here until the event's writes are durable ({@link #release()}), or
 * dropped when the event fails ({@link #discard()}). Bound to the handler thread while it runs.
 */
final class EventScope {

    private static final ThreadLocal<EventScope> CURRENT = new ThreadLocal<>();

    private record Out(HostedSocket socket, Frame frame) {
    }

    final ObjectActor actor;
    final CallChain chain;
    private final List<Out> frames = new ArrayList<>();
    private final List<HostedSocket> accepted = new ArrayList<>();

    EventScope(ObjectActor actor, CallChain chain) {
        this.actor = actor;
        this.chain = chain;
    }

    static EventScope current() {
        return CURRENT.get();
    }

    void enter() {
        CURRENT.set(this);
    }

    void exit() {
        CURRENT.remove();
    }

    void send(HostedSocket socket, Frame frame) {
        frames.add(new Out(socket, frame));
    }

    void accepted(HostedSocket socket) {
        accepted.add(socket);
    }

    boolean hasOutputs() {
        return !frames.isEmpty() || !accepted.isEmpty();
    }

    void release() {
        for (Out o : frames) {
            o.socket().transmit(o.frame());
        }
    }

    /** The event failed: its frames never leave and sockets it accepted are dropped. */
    void discard() {
        frames.clear();
        accepted.forEach(HostedSocket::abandonPending);
    }

    /** Sockets accepted in this event other than {@code kept} will never complete a handshake. */
    void abandonAcceptedExcept(HostedSocket kept) {
        for (HostedSocket s : accepted) {
            if (s != kept) {
                s.abandonPending();
            }
        }
    }
}
