package io.cairn.runtime.ws;

import io.cairn.api.WebSocketMessage;

/** Inbound socket activity for the owning object; implemented by the execution layer. Called on Vert.x threads. */
public interface SocketEvents {

    void onMessage(HostedSocket socket, WebSocketMessage message);

    void onClose(HostedSocket socket, int code, String reason, boolean wasClean);

    void onError(HostedSocket socket, Throwable error);
}
