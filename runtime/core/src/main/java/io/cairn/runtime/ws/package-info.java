/**
 * Hibernatable WebSockets. The node, not the object, owns each connection
 * ({@link io.cairn.runtime.ws.HostedSocket}): tags, attachment and the auto-response pair live in
 * the {@link io.cairn.runtime.ws.WebSocketHub}, so an object can be evicted while its sockets stay
 * open; an incoming message re-activates it. Sends pass through an
 * {@link io.cairn.runtime.ws.OutboundGate} so they obey the output gate.
 */
package io.cairn.runtime.ws;
