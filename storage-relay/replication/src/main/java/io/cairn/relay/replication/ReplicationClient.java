package io.cairn.relay.replication;

import io.cairn.relay.replication.Message.Request;
import io.cairn.relay.replication.Message.Response;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending side of the protocol for one node: one TCP connection per replica address, shared by every
 * object, with requests pipelined and matched to responses by id.
 *
 * <p><b>Threading.</b> {@link #request} may be called from any thread. All connection state lives on the
 * client's own event-loop context, and every returned future completes there; callers with state of their
 * own hop back to their context. A connection that fails or closes fails all of its outstanding requests
 * with an {@link IOException}; the next request connects again.
 */
public final class ReplicationClient implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicationClient.class);

    private final Vertx vertx;
    private final Context context;
    private final NetClient net;
    private final Map<ReplicaAddress, Connection> connections = new HashMap<>();
    private long nextId = 1;
    private boolean closed;

    /** One connection's socket (once connected), its queue while connecting and its waiting requests. */
    private final class Connection {
        final ReplicaAddress address;
        final Future<NetSocket> socket;
        final Map<Long, Promise<Response>> waiting = new HashMap<>();
        final FrameAssembler frames = new FrameAssembler();

        Connection(ReplicaAddress address) {
            this.address = address;
            this.socket = net.connect(address.port(), address.host()).onSuccess(s -> {
                s.handler(this::received);
                s.closeHandler(v -> failed(new IOException("connection to " + address + " closed")));
                s.exceptionHandler(e -> s.close());
            }).onFailure(this::failed);
        }

        private void received(Buffer chunk) {
            try {
                for (byte[] frame : frames.feed(chunk)) {
                    MessageCodec.Frame f = MessageCodec.decode(frame);
                    Promise<Response> p = waiting.remove(f.requestId());
                    if (p != null && f.message() instanceof Response r) {
                        p.tryComplete(r);
                    }
                }
            } catch (ProtocolException e) {
                log.warn("bad frame from replica {}: {}", address, e.getMessage());
                socket.result().close();
            }
        }

        private void failed(Throwable e) {
            if (connections.get(address) == this) {
                connections.remove(address);
            }
            Map<Long, Promise<Response>> failing = new HashMap<>(waiting);
            waiting.clear();
            IOException io = e instanceof IOException x ? x : new IOException("replica " + address + ": " + e, e);
            failing.values().forEach(p -> p.tryFail(io));
        }
    }

    /**
     * @param vertx the node's Vert.x; the client takes an event-loop context of its own
     */
    public ReplicationClient(Vertx vertx, Duration connectTimeout) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.net = vertx.createNetClient(new NetClientOptions()
                .setConnectTimeout((int) connectTimeout.toMillis()).setTcpNoDelay(true));
    }

    /**
     * Sends {@code request} to the replica at {@code to}; the future completes with its response, or fails
     * with an {@link IOException} (connection lost) or a {@link TimeoutException} after {@code timeout}.
     */
    public Future<Response> request(ReplicaAddress to, Request request, Duration timeout) {
        // Encode on the caller's thread: Appends can be large, the event loop should only write.
        Promise<Response> promise = Promise.promise();
        byte[] body = MessageCodec.encode(0, request);
        context.runOnContext(v -> send(to, body, promise, timeout));
        return promise.future();
    }

    private void send(ReplicaAddress to, byte[] frame, Promise<Response> promise, Duration timeout) {
        if (closed) {
            promise.fail(new IOException("replication client closed"));
            return;
        }
        long id = nextId++;
        // The request id sits at payload offset 1; patch it in and redo the CRC over the payload.
        Buffer out = Buffer.buffer(withId(frame, id));
        Connection c = connections.computeIfAbsent(to, Connection::new);
        c.waiting.put(id, promise);
        long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), t -> {
            if (c.waiting.remove(id) != null) {
                promise.tryFail(new TimeoutException("no answer from replica " + to + " within " + timeout));
            }
        });
        promise.future().onComplete(ar -> vertx.cancelTimer(timer));
        c.socket.onSuccess(s -> s.write(out));
    }

    private static byte[] withId(byte[] frame, long id) {
        java.nio.ByteBuffer.wrap(frame).putLong(MessageCodec.HEADER_BYTES + 1, id);
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(frame, MessageCodec.HEADER_BYTES, frame.length - MessageCodec.HEADER_BYTES);
        java.nio.ByteBuffer.wrap(frame).putInt(4, (int) crc.getValue());
        return frame;
    }

    /** Closes every connection; outstanding requests fail. */
    @Override
    public void close() {
        context.runOnContext(v -> {
            closed = true;
            connections.values().forEach(c -> c.socket.onSuccess(NetSocket::close));
            connections.clear();
        });
        net.close();
    }
}
