package io.cairn.relay.replication;

import io.cairn.relay.capture.CommitRecord;
import io.cairn.relay.capture.CorruptRecordException;
import io.cairn.relay.capture.RecordCodec;
import io.cairn.relay.replication.EpochHistory.EpochStart;
import io.cairn.relay.replication.Message.Ack;
import io.cairn.relay.replication.Message.Append;
import io.cairn.relay.replication.Message.Fetch;
import io.cairn.relay.replication.Message.Frames;
import io.cairn.relay.replication.Message.Install;
import io.cairn.relay.replication.Message.Nack;
import io.cairn.relay.replication.Message.Prepare;
import io.cairn.relay.replication.Message.Promise;
import io.cairn.relay.replication.Message.Reason;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Binary frames of the replication protocol. All integers big-endian.
 *
 * <pre>
 * frame
 *   0  u32  payload length L (at most {@link #MAX_PAYLOAD})
 *   4  u32  CRC32C of the payload
 *   8  L bytes of payload
 * payload
 *   0  u8   message type (1 Append, 2 Prepare, 3 Fetch, 4 Ack, 5 Nack, 6 Promise, 7 Frames,
 *           8 Install)
 *   1  u64  request id (a response carries its request's id)
 *   9  u16  object key length K, then K bytes of UTF-8
 *      ...  the message's fields in record order; a history is u16 count + count × (u64 epoch, u64 start);
 *           a position is u64 epoch + i64 txid; commit lists are u32 count + {@link RecordCodec} records;
 *           a single record (Install's chunk) is one {@link RecordCodec} record; booleans are u8
 * </pre>
 *
 * <p>Commit records keep their own CRCs, so a page is checked twice (cheap next to the network). Stateless
 * and thread-safe.
 */
public final class MessageCodec {

    /** Frame header: length and CRC. */
    public static final int HEADER_BYTES = 8;
    /** Largest payload accepted: bounds what a damaged length can make a reader allocate. */
    public static final int MAX_PAYLOAD = 256 << 20;

    /** A decoded frame. */
    public record Frame(long requestId, Message message) {
    }

    private MessageCodec() {
    }

    /** Encodes one frame (header included). */
    public static byte[] encode(long requestId, Message m) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(estimate(m));
            bytes.write(new byte[HEADER_BYTES]);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(type(m));
            out.writeLong(requestId);
            byte[] key = m.objectKey().getBytes(StandardCharsets.UTF_8);
            if (key.length > 0xFFFF) {
                throw new IllegalArgumentException("object key longer than 65535 bytes");
            }
            out.writeShort(key.length);
            out.write(key);
            writeBody(m, out);
            out.flush();
            byte[] frame = bytes.toByteArray();
            int length = frame.length - HEADER_BYTES;
            if (length > MAX_PAYLOAD) {
                throw new IllegalArgumentException("message of " + length + " bytes exceeds " + MAX_PAYLOAD);
            }
            CRC32C crc = new CRC32C();
            crc.update(frame, HEADER_BYTES, length);
            ByteBuffer.wrap(frame).putInt(length).putInt((int) crc.getValue());
            return frame;
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
    }

    /**
     * The payload length announced by a frame header (the 8 bytes at {@code header[offset..]}).
     *
     * @throws ProtocolException when it is negative or above {@link #MAX_PAYLOAD}
     */
    public static int payloadLength(byte[] header, int offset) throws ProtocolException {
        int length = ByteBuffer.wrap(header, offset, 4).getInt();
        if (length < 1 + 8 + 2 || length > MAX_PAYLOAD) {
            throw new ProtocolException("invalid frame length " + Integer.toUnsignedLong(length));
        }
        return length;
    }

    /** Decodes one whole frame (header and payload, nothing more). */
    public static Frame decode(byte[] frame) throws ProtocolException {
        if (frame.length < HEADER_BYTES) {
            throw new ProtocolException("truncated frame header (" + frame.length + " bytes)");
        }
        int length = payloadLength(frame, 0);
        if (frame.length != HEADER_BYTES + length) {
            throw new ProtocolException("frame announces " + length + " payload bytes, has "
                    + (frame.length - HEADER_BYTES));
        }
        CRC32C crc = new CRC32C();
        crc.update(frame, HEADER_BYTES, length);
        if (ByteBuffer.wrap(frame, 4, 4).getInt() != (int) crc.getValue()) {
            throw new ProtocolException("frame CRC32C mismatch");
        }
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(frame, HEADER_BYTES, length));
            int type = in.readUnsignedByte();
            long requestId = in.readLong();
            byte[] key = in.readNBytes(in.readUnsignedShort());
            String objectKey = new String(key, StandardCharsets.UTF_8);
            Message m = readBody(type, objectKey, in);
            if (in.available() != 0) {
                throw new ProtocolException("frame has " + in.available() + " trailing bytes");
            }
            return new Frame(requestId, m);
        } catch (CorruptRecordException e) {
            throw new ProtocolException("bad commit record in frame: " + e.getMessage(), e);
        } catch (EOFException e) {
            throw new ProtocolException("frame payload ends inside a field", e);
        } catch (IOException | RuntimeException e) {
            // The CRC matched, so a peer built this: a bug or another version, not line noise.
            throw new ProtocolException("invalid message: " + e.getMessage(), e);
        }
    }

    private static int type(Message m) {
        return switch (m) {
            case Append a -> 1;
            case Prepare p -> 2;
            case Fetch f -> 3;
            case Ack a -> 4;
            case Nack n -> 5;
            case Promise p -> 6;
            case Frames f -> 7;
            case Install i -> 8;
        };
    }

    private static int estimate(Message m) {
        long size = 64 + switch (m) {
            case Append a -> a.commits().stream().mapToLong(CommitRecord::encodedBytes).sum();
            case Frames f -> f.commits().stream().mapToLong(CommitRecord::encodedBytes).sum();
            case Install i -> i.chunk().encodedBytes();
            default -> 64;
        };
        return (int) Math.min(size, MAX_PAYLOAD + 64L);
    }

    private static void writeBody(Message m, DataOutputStream out) throws IOException {
        switch (m) {
            case Append a -> {
                out.writeLong(a.epoch());
                writeHistory(a.history(), out);
                out.writeLong(a.prevTxid());
                out.writeLong(a.committedTxid());
                writeCommits(a.commits(), out);
            }
            case Prepare p -> out.writeLong(p.epoch());
            case Fetch f -> {
                out.writeLong(f.fromTxid());
                out.writeLong(f.toTxid());
                out.writeLong(f.maxBytes());
            }
            case Ack a -> {
                out.writeLong(a.promisedEpoch());
                writePosition(a.position(), out);
                out.writeLong(a.appliedTxid());
            }
            case Nack n -> {
                out.writeLong(n.promisedEpoch());
                out.writeByte(n.reason().ordinal());
                out.writeLong(n.resendFrom());
                out.writeUTF(n.detail().length() > 1000 ? n.detail().substring(0, 1000) : n.detail());
            }
            case Promise p -> {
                out.writeLong(p.epoch());
                writePosition(p.position(), out);
                out.writeLong(p.appliedTxid());
                writeHistory(p.history(), out);
            }
            case Frames f -> {
                out.writeBoolean(f.snapshot());
                writeCommits(f.commits(), out);
            }
            case Install i -> {
                out.writeLong(i.epoch());
                writeHistory(i.history(), out);
                out.writeLong(i.committedTxid());
                out.writeInt(i.firstPage());
                out.writeBoolean(i.last());
                RecordCodec.write(i.chunk(), out);
            }
        }
    }

    private static Message readBody(int type, String key, DataInputStream in) throws IOException {
        return switch (type) {
            case 1 -> new Append(key, in.readLong(), readHistory(in), in.readLong(), in.readLong(), readCommits(in));
            case 2 -> new Prepare(key, in.readLong());
            case 3 -> new Fetch(key, in.readLong(), in.readLong(), in.readLong());
            case 4 -> new Ack(key, in.readLong(), readPosition(in), in.readLong());
            case 5 -> {
                long promised = in.readLong();
                int reason = in.readUnsignedByte();
                if (reason >= Reason.values().length) {
                    throw new ProtocolException("unknown nack reason " + reason);
                }
                yield new Nack(key, promised, Reason.values()[reason], in.readLong(), in.readUTF());
            }
            case 6 -> new Promise(key, in.readLong(), readPosition(in), in.readLong(), readHistory(in));
            case 7 -> new Frames(key, in.readBoolean(), readCommits(in));
            case 8 -> new Install(key, in.readLong(), readHistory(in), in.readLong(), in.readInt(), in.readBoolean(),
                    readRecord(in));
            default -> throw new ProtocolException("unknown message type " + type);
        };
    }

    private static void writeHistory(EpochHistory h, DataOutputStream out) throws IOException {
        out.writeShort(h.entries().size());
        for (EpochStart s : h.entries()) {
            out.writeLong(s.epoch());
            out.writeLong(s.startTxid());
        }
    }

    private static EpochHistory readHistory(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        List<EpochStart> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            entries.add(new EpochStart(in.readLong(), in.readLong()));
        }
        return new EpochHistory(entries);
    }

    private static void writePosition(Position p, DataOutputStream out) throws IOException {
        out.writeLong(p.epoch());
        out.writeLong(p.txid());
    }

    private static Position readPosition(DataInputStream in) throws IOException {
        return new Position(in.readLong(), in.readLong());
    }

    private static void writeCommits(List<CommitRecord> commits, DataOutputStream out) throws IOException {
        out.writeInt(commits.size());
        for (CommitRecord c : commits) {
            RecordCodec.write(c, out);
        }
    }

    private static CommitRecord readRecord(DataInputStream in) throws IOException {
        CommitRecord r = RecordCodec.read(in);
        if (r == null) {
            throw new ProtocolException("frame ends before its commit record");
        }
        return r;
    }

    private static List<CommitRecord> readCommits(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            throw new ProtocolException("negative commit count " + n);
        }
        List<CommitRecord> out = new ArrayList<>(Math.min(n, 1024));
        for (int i = 0; i < n; i++) {
            CommitRecord r = RecordCodec.read(in);
            if (r == null) {
                throw new ProtocolException("frame ends after " + i + " of " + n + " commit records");
            }
            out.add(r);
        }
        return out;
    }
}
