package io.cairn.relay.replication;

import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a TCP byte stream into whole {@link MessageCodec} frames. The length is checked against
 * {@link MessageCodec#MAX_PAYLOAD} before anything is buffered for it, so garbage cannot make the reader
 * hold gigabytes. Not thread-safe: one per connection, fed from its event loop.
 */
final class FrameAssembler {

    private Buffer pending = Buffer.buffer();
    private int needed = -1;

    /** Adds bytes; returns every frame completed by them (header included), in order. */
    List<byte[]> feed(Buffer chunk) throws ProtocolException {
        pending.appendBuffer(chunk);
        List<byte[]> out = new ArrayList<>();
        int at = 0;
        while (true) {
            int available = pending.length() - at;
            if (needed < 0) {
                if (available < MessageCodec.HEADER_BYTES) {
                    break;
                }
                needed = MessageCodec.HEADER_BYTES
                        + MessageCodec.payloadLength(pending.getBytes(at, at + 4 + 4), 0);
            }
            if (available < needed) {
                break;
            }
            out.add(pending.getBytes(at, at + needed));
            at += needed;
            needed = -1;
        }
        if (at > 0) {
            pending = pending.getBuffer(at, pending.length());
        }
        return out;
    }
}
