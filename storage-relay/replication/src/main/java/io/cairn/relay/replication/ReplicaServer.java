package io.cairn.relay.replication;

import io.cairn.relay.replication.Message.Request;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the replication protocol of one {@link ReplicaStore} over TCP.
 *
 * <p>A connection carries requests for any number of objects, pipelined: responses are written as the
 * store completes them (possibly out of request order across objects) and carry their request's id.
 * Frames are cut and decoded on the event loop (CRC work only); everything touching disk runs in the
 * store, off the event loop. A frame that fails its checks closes the connection: after a damaged length
 * the stream cannot be resynchronised, and the sender retries on a new connection.
 *
 * <p>Thread-safe. {@link #close()} closes the listener and every open connection, as a dead node would.
 */
public final class ReplicaServer {

    private static final Logger log = LoggerFactory.getLogger(ReplicaServer.class);

    private final ReplicaStore store;
    private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
    private NetServer server;
    private ReplicaAddress address;

    private ReplicaServer(ReplicaStore store) {
        this.store = store;
    }

    /**
     * Starts listening on {@code host:port} (port 0 picks a free one); the future completes once bound,
     * with the server whose {@link #address()} is the actual address.
     */
    public static Future<ReplicaServer> start(Vertx vertx, ReplicaStore store, String host, int port) {
        ReplicaServer s = new ReplicaServer(store);
        s.server = vertx.createNetServer(new NetServerOptions().setHost(host).setPort(port).setTcpNoDelay(true));
        s.server.connectHandler(s::connected);
        return s.server.listen().map(bound -> {
            s.address = new ReplicaAddress(host, bound.actualPort());
            return s;
        });
    }

    public ReplicaAddress address() {
        return address;
    }

    private void connected(NetSocket socket) {
        sockets.add(socket);
        Context context = Vertx.currentContext();
        FrameAssembler frames = new FrameAssembler();
        socket.closeHandler(v -> sockets.remove(socket));
        socket.handler(chunk -> {
            try {
                for (byte[] frame : frames.feed(chunk)) {
                    MessageCodec.Frame f = MessageCodec.decode(frame);
                    if (!(f.message() instanceof Request request)) {
                        throw new ProtocolException("a replica got a response: " + f.message().getClass().getSimpleName());
                    }
                    store.handle(request).thenAccept(response -> {
                        Buffer out = Buffer.buffer(MessageCodec.encode(f.requestId(), response));
                        context.runOnContext(v -> socket.write(out));
                    });
                }
            } catch (ProtocolException e) {
                log.warn("closing replication connection from {}: {}", socket.remoteAddress(), e.getMessage());
                socket.close();
            }
        });
    }

    /** Stops listening and closes every connection; the store stays open (the caller owns it). */
    public Future<Void> close() {
        sockets.forEach(NetSocket::close);
        return server.close();
    }
}
