package io.cairn.runtime.ws;

/**
 * Where an object's sends go before they reach the wire. The execution layer buffers them with
 * the current event and hands them to {@link HostedSocket#transmit} once the event's writes are
 * durable. Called on the object's handler thread.
 */
@FunctionalInterface
public interface OutboundGate {

    void submit(HostedSocket socket, Frame frame);
}
