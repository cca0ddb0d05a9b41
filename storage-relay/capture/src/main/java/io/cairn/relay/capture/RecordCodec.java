package io.cairn.relay.capture;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Binary encoding of {@link CommitRecord}s: the format of spool files and uploaded segments, which are
 * plain concatenations of records. All integers are big-endian.
 *
 * <pre>
 * header, 16 bytes
 *   0  u32  magic 0x43524543 ("CREC")
 *   4  u16  format version, 1
 *   6  u16  flags, 0 (readers reject other values)
 *   8  u32  body length B = 44 + N × (4 + pageSize)
 *  12  u32  CRC32C of header bytes 0..11
 * body, B bytes
 *   0  u64  txid
 *   8  u64  commit time, epoch milliseconds
 *  16  u32  page size
 *  20  u32  database size in pages after the commit
 *  24  u32  page count N
 *  28  u32  WAL salt-1 of walEnd
 *  32  u32  WAL salt-2 of walEnd
 *  36  u64  WAL offset of walEnd
 *  44  N × (u32 page number, pageSize bytes of page), page numbers strictly increasing
 * trailer, 4 bytes
 *   0  u32  CRC32C of the body
 * </pre>
 *
 * <p>The header has its own CRC so a damaged length is caught before it is trusted (no huge allocation,
 * no resynchronisation on garbage); the body CRC covers everything else. A record must stay below
 * 2 GiB. Reading streams page by page, so memory stays at one copy of the record.
 */
public final class RecordCodec {

    public static final int MAGIC = 0x43524543;
    public static final int VERSION = 1;
    static final int HEADER_BYTES = 16;
    static final int FIXED_BODY_BYTES = 44;
    static final int TRAILER_BYTES = 4;

    private RecordCodec() {
    }

    /** Size in bytes of an encoded record with {@code pageCount} pages of {@code pageSize}. */
    public static long encodedSize(int pageCount, int pageSize) {
        return HEADER_BYTES + bodySize(pageCount, pageSize) + TRAILER_BYTES;
    }

    private static long bodySize(long pageCount, long pageSize) {
        return FIXED_BODY_BYTES + pageCount * (4 + pageSize);
    }

    /** Writes one record; callers should pass a buffered stream (several small writes per record). */
    public static void write(CommitRecord r, OutputStream out) throws IOException {
        long body = bodySize(r.pages().size(), r.pageSize());
        if (body > Integer.MAX_VALUE - HEADER_BYTES - TRAILER_BYTES) {
            throw new IOException("record of txid " + r.txid() + " is too large to encode: " + body + " bytes");
        }
        ByteBuffer head = ByteBuffer.allocate(HEADER_BYTES + FIXED_BODY_BYTES);
        head.putInt(MAGIC).putShort((short) VERSION).putShort((short) 0).putInt((int) body);
        CRC32C crc = new CRC32C();
        crc.update(head.array(), 0, 12);
        head.putInt((int) crc.getValue());
        head.putLong(r.txid()).putLong(r.commitTimeMillis()).putInt(r.pageSize()).putInt(r.dbSizePages())
                .putInt(r.pages().size()).putInt((int) r.walEnd().salt1()).putInt((int) r.walEnd().salt2())
                .putLong(r.walEnd().offset());
        crc.reset();
        crc.update(head.array(), HEADER_BYTES, FIXED_BODY_BYTES);
        out.write(head.array());
        byte[] pageNumber = new byte[4];
        for (PageImage p : r.pages()) {
            ByteBuffer.wrap(pageNumber).putInt(p.pageNumber());
            crc.update(pageNumber);
            crc.update(p.data());
            out.write(pageNumber);
            out.write(p.data());
        }
        out.write(ByteBuffer.allocate(TRAILER_BYTES).putInt((int) crc.getValue()).array());
    }

    /**
     * Reads the next record, or returns null at a clean end of stream (no byte of a further record).
     *
     * @throws CorruptRecordException bad magic, version, flags, header or body CRC, inconsistent lengths,
     *                                or a stream ending inside a record
     */
    public static CommitRecord read(InputStream in) throws IOException {
        byte[] header = new byte[HEADER_BYTES];
        int first = in.readNBytes(header, 0, HEADER_BYTES);
        if (first == 0) {
            return null;
        }
        if (first < HEADER_BYTES) {
            throw new CorruptRecordException("truncated record header (" + first + " of " + HEADER_BYTES + " bytes)");
        }
        ByteBuffer h = ByteBuffer.wrap(header);
        CRC32C crc = new CRC32C();
        crc.update(header, 0, 12);
        if (h.getInt(0) != MAGIC) {
            throw new CorruptRecordException(String.format("bad record magic 0x%08x", h.getInt(0)));
        }
        if (h.getInt(12) != (int) crc.getValue()) {
            throw new CorruptRecordException("record header CRC mismatch");
        }
        if (h.getShort(4) != VERSION || h.getShort(6) != 0) {
            throw new CorruptRecordException("unsupported record version " + h.getShort(4) + " flags " + h.getShort(6));
        }
        long bodyLength = Integer.toUnsignedLong(h.getInt(8));
        byte[] fixed = readFully(in, FIXED_BODY_BYTES, "record body");
        ByteBuffer f = ByteBuffer.wrap(fixed);
        long txid = f.getLong();
        long time = f.getLong();
        int pageSize = f.getInt();
        int dbSize = f.getInt();
        long count = Integer.toUnsignedLong(f.getInt());
        long salt1 = Integer.toUnsignedLong(f.getInt());
        long salt2 = Integer.toUnsignedLong(f.getInt());
        long walOffset = f.getLong();
        if (!Pages.validPageSize(pageSize) || bodyLength != bodySize(count, pageSize)) {
            throw new CorruptRecordException("record of txid " + txid + ": body length " + bodyLength
                    + " does not match " + count + " pages of " + pageSize + " bytes");
        }
        crc.reset();
        crc.update(fixed);
        int[] numbers = new int[(int) count];
        byte[][] data = new byte[(int) count][];
        byte[] pageNumber = new byte[4];
        for (int i = 0; i < count; i++) {
            readInto(in, pageNumber, "record pages");
            data[i] = readFully(in, pageSize, "record pages");
            crc.update(pageNumber);
            crc.update(data[i]);
            numbers[i] = ByteBuffer.wrap(pageNumber).getInt();
        }
        byte[] trailer = readFully(in, TRAILER_BYTES, "record trailer");
        if (ByteBuffer.wrap(trailer).getInt() != (int) crc.getValue()) {
            throw new CorruptRecordException("record of txid " + txid + ": body CRC mismatch");
        }
        // Structural checks only after the CRC, so damage is reported as damage, not as a bad value.
        try {
            List<PageImage> pages = new ArrayList<>(numbers.length);
            for (int i = 0; i < numbers.length; i++) {
                pages.add(new PageImage(numbers[i], data[i]));
            }
            return new CommitRecord(txid, time, pageSize, dbSize, pages, new WalPosition(salt1, salt2, walOffset));
        } catch (IllegalArgumentException e) {
            // The CRC matched, so a writer produced this: still not a record we can use.
            throw new CorruptRecordException("record of txid " + txid + " is invalid: " + e.getMessage(), e);
        }
    }

    /** Every record up to a clean end of stream. */
    public static List<CommitRecord> readAll(InputStream in) throws IOException {
        List<CommitRecord> out = new ArrayList<>();
        for (CommitRecord r; (r = read(in)) != null; ) {
            out.add(r);
        }
        return out;
    }

    private static byte[] readFully(InputStream in, int n, String what) throws IOException {
        byte[] b = new byte[n];
        readInto(in, b, what);
        return b;
    }

    private static void readInto(InputStream in, byte[] b, String what) throws IOException {
        int got = in.readNBytes(b, 0, b.length);
        if (got < b.length) {
            throw new CorruptRecordException("truncated " + what, new EOFException());
        }
    }
}
