package io.cairn.relay.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * The spool's small durable state that records cannot carry: what was shipped, and the latest capture
 * state once the records holding it are gone (shipped and deleted, or dropped by a reset).
 *
 * <p>{@code epoch} names the generation of the spool's files; {@link Spool#resetTo} bumps it, so one atomic
 * cursor rename both installs the new state and turns every file of the old epoch into garbage.
 *
 * <p>Format, 64 bytes big-endian: magic "CSPC", version 1, epoch, lastShippedTxid, lastTxid,
 * lastCommitTimeMillis (u64 each), has-position flag, salt-1, salt-2 (u32 each), WAL offset (u64), CRC32C of
 * the preceding 60 bytes.
 *
 * @param position the WAL position matching {@code lastTxid}, or null when unknown
 */
record SpoolCursor(long epoch, long lastShippedTxid, long lastTxid, long lastCommitTimeMillis, WalPosition position) {

    static final String FILE = "cursor";
    static final SpoolCursor EMPTY = new SpoolCursor(0, -1, -1, 0, null);
    private static final int MAGIC = 0x43535043;
    private static final int VERSION = 1;
    private static final int BYTES = 64;

    static SpoolCursor read(Path dir) throws IOException {
        byte[] b;
        try {
            b = Files.readAllBytes(dir.resolve(FILE));
        } catch (NoSuchFileException e) {
            return EMPTY;
        }
        ByteBuffer in = ByteBuffer.wrap(b);
        CRC32C crc = new CRC32C();
        crc.update(b, 0, Math.max(0, Math.min(b.length, BYTES) - 4));
        // Written by atomic rename, so damage here is media damage, not a torn write: refuse to guess.
        if (b.length != BYTES || in.getInt(0) != MAGIC || in.getInt(4) != VERSION
                || in.getInt(BYTES - 4) != (int) crc.getValue()) {
            throw new CorruptRecordException("spool cursor " + dir.resolve(FILE) + " is damaged");
        }
        in.position(8);
        long epoch = in.getLong();
        long shipped = in.getLong();
        long last = in.getLong();
        long time = in.getLong();
        boolean hasPosition = in.getInt() != 0;
        long salt1 = Integer.toUnsignedLong(in.getInt());
        long salt2 = Integer.toUnsignedLong(in.getInt());
        long offset = in.getLong();
        return new SpoolCursor(epoch, shipped, last, time, hasPosition ? new WalPosition(salt1, salt2, offset) : null);
    }

    void write(Path dir) throws IOException {
        ByteBuffer out = ByteBuffer.allocate(BYTES);
        out.putInt(MAGIC).putInt(VERSION).putLong(epoch).putLong(lastShippedTxid).putLong(lastTxid)
                .putLong(lastCommitTimeMillis).putInt(position == null ? 0 : 1)
                .putInt(position == null ? 0 : (int) position.salt1())
                .putInt(position == null ? 0 : (int) position.salt2())
                .putLong(position == null ? 0 : position.offset());
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, BYTES - 4);
        out.putInt((int) crc.getValue());
        FileSync.writeAtomically(dir.resolve(FILE), out.array());
    }

    SpoolCursor withShipped(long shipped) {
        return new SpoolCursor(epoch, shipped, lastTxid, lastCommitTimeMillis, position);
    }

    /** Raises the remembered capture state to {@code txid} if it is newer. */
    SpoolCursor withLatest(long txid, long timeMillis, WalPosition pos) {
        return txid > lastTxid ? new SpoolCursor(epoch, lastShippedTxid, txid, timeMillis, pos) : this;
    }
}
