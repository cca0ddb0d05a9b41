/**
 * Forwarding of data-plane requests that reach a node which does not own the object.
 *
 * <p>{@link io.cairn.router.forward.HttpForwarder} proxies a plain HTTP request (body buffered up to a
 * limit so an attempt can be retried on another node; the response streamed back, or written in one piece
 * when short) or a WebSocket upgrade (socket opened to the owner first, then messages relayed both ways). Before each attempt the caller's
 * resolver names the current owner as a {@link io.cairn.router.forward.ForwardTarget}; attempts are
 * bounded by {@link io.cairn.router.forward.ForwarderOptions#maxAttempts()} and every hop is counted in
 * {@link io.cairn.router.forward.ForwardHeaders#HOPS}, so a request can never circle forever.
 *
 * <p>Threading: everything runs on the event loop of the incoming request; nothing here blocks.
 */
package io.cairn.router.forward;
