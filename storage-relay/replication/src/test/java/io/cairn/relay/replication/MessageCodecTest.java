package io.cairn.relay.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.relay.replication.EpochHistory.EpochStart;
import io.cairn.relay.replication.Message.Ack;
import io.cairn.relay.replication.Message.Append;
import io.cairn.relay.replication.Message.Fetch;
import io.cairn.relay.replication.Message.Frames;
import io.cairn.relay.replication.Message.Nack;
import io.cairn.relay.replication.Message.Prepare;
import io.cairn.relay.replication.Message.Promise;
import io.cairn.relay.replication.Message.Reason;
import io.vertx.core.buffer.Buffer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MessageCodecTest {

    static final EpochHistory HISTORY = new EpochHistory(List.of(new EpochStart(1, 0), new EpochStart(3, 17)));

    static Stream<Message> messages() {
        return Stream.of(
                new Append("ns/ä-object", 3, HISTORY, 4, 2, Commits.range(5, 7)),
                new Append("k", 1, EpochHistory.EMPTY, -1, -1, List.of()),
                new Prepare("k", 9),
                new Fetch("k", 3, 10, 1 << 20),
                new Ack("k", 3, new Position(3, 7), 2),
                new Nack("k", 4, Reason.BEHIND, 5, "log ends at 4"),
                new Nack("k", 4, Reason.STALE_EPOCH, -1, ""),
                new Promise("k", 9, new Position(3, 7), 2, HISTORY),
                new Frames("k", true, Commits.range(0, 1)),
                Commits.chunks(3, HISTORY, 2, Commits.image(9, 5, 1), 2).get(1),
                Commits.chunks(3, HISTORY, 2, Commits.image(9, 5, 1), 2).getLast());
    }

    @ParameterizedTest
    @MethodSource("messages")
    void everyMessageSurvivesARoundTrip(Message m) throws Exception {
        byte[] frame = MessageCodec.encode(42, m);
        MessageCodec.Frame f = MessageCodec.decode(frame);
        assertThat(f.requestId()).isEqualTo(42);
        assertThat(f.message()).isEqualTo(m);
    }

    @Test
    void installChunksMustBeConsecutivePagesAndOnlyTheLastEndsTheImage() {
        Message.Install ok = Commits.chunks(1, HISTORY, -1, Commits.image(9, 5, 1), 2).get(1);
        var chunk = ok.chunk();
        assertThatThrownBy(() -> new Message.Install("k", 1, HISTORY, -1, 2, false, chunk))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("consecutive");
        assertThatThrownBy(() -> new Message.Install("k", 1, HISTORY, -1, 3, true, chunk))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not end");
        var whole = Commits.image(9, 5, 1);
        assertThatThrownBy(() -> new Message.Install("k", 1, HISTORY, -1, 1, false, whole))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is empty or last");
    }

    @Test
    void framesSplitAnywhereInTheStreamAreReassembled() throws Exception {
        List<byte[]> frames = messages().map(m -> MessageCodec.encode(7, m)).toList();
        Buffer all = Buffer.buffer();
        frames.forEach(all::appendBytes);
        FrameAssembler assembler = new FrameAssembler();
        List<byte[]> out = new ArrayList<>();
        for (int at = 0; at < all.length(); at += 13) {
            out.addAll(assembler.feed(all.getBuffer(at, Math.min(all.length(), at + 13))));
        }
        assertThat(out).hasSize(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            assertThat(out.get(i)).isEqualTo(frames.get(i));
        }
    }

    @Test
    void aFlippedBitAnywhereInThePayloadFailsTheCrc() {
        byte[] frame = MessageCodec.encode(1, new Append("k", 1, HISTORY, -1, -1, Commits.range(0, 1)));
        for (int at : new int[] {MessageCodec.HEADER_BYTES, MessageCodec.HEADER_BYTES + 9, frame.length / 2,
                frame.length - 1}) {
            byte[] damaged = frame.clone();
            damaged[at] ^= 0x10;
            assertThatThrownBy(() -> MessageCodec.decode(damaged)).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("CRC32C mismatch");
        }
    }

    @Test
    void aDamagedLengthIsRejectedBeforeAnythingIsBuffered() {
        byte[] frame = MessageCodec.encode(1, new Prepare("k", 2));
        ByteBuffer.wrap(frame).putInt(0, Integer.MAX_VALUE);
        assertThatThrownBy(() -> new FrameAssembler().feed(Buffer.buffer(frame)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("invalid frame length");
        assertThatThrownBy(() -> MessageCodec.decode(frame)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void truncatedFramesAndUnknownTypesAreProtocolErrors() throws Exception {
        byte[] frame = MessageCodec.encode(1, new Ack("k", 3, new Position(3, 7), 2));
        assertThatThrownBy(() -> MessageCodec.decode(Arrays.copyOf(frame, frame.length - 1)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("announces");
        assertThat(new FrameAssembler().feed(Buffer.buffer(Arrays.copyOf(frame, frame.length - 1)))).isEmpty();

        byte[] unknown = frame.clone();
        unknown[MessageCodec.HEADER_BYTES] = 99;
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(unknown, MessageCodec.HEADER_BYTES, unknown.length - MessageCodec.HEADER_BYTES);
        ByteBuffer.wrap(unknown).putInt(4, (int) crc.getValue());
        assertThatThrownBy(() -> MessageCodec.decode(unknown)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("unknown message type 99");
    }
}
