package io.cairn.relay.replication;

import io.cairn.relay.replication.EpochHistory.EpochStart;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The small durable state of one object on a replica, replaced atomically ({@code meta} file).
 *
 * @param objectKey     the object's key (kept so a store directory can be listed)
 * @param promisedEpoch the highest epoch promised; older Appends and Prepares are refused
 * @param appliedTxid   the database copy holds every commit up to this txid (fsynced), -1 for none
 * @param applyingTo    an apply in progress: commits {@code appliedTxid+1..applyingTo} may be partly written
 *                      to the database; recovery applies them again (page images are idempotent)
 * @param history       epochs of the log's commits
 * @param pageSize      page size of the database copy, 0 before the first apply
 * @param seedTxid      a whole-database image at this txid waits in the file {@link #seedFile} to become
 *                      the copy once committed; the log continues after it; -1 for none
 * @param seedPageSize  page size of that image, 0 for none
 */
record ReplicaMeta(String objectKey, long promisedEpoch, long appliedTxid, long applyingTo, EpochHistory history,
                   int pageSize, long seedTxid, int seedPageSize) {

    static final String FILE = "meta";
    private static final int MAGIC_V1 = 0x43524d31; // "CRM1": no seed fields
    private static final int MAGIC = 0x43524d32; // "CRM2"

    static ReplicaMeta empty(String objectKey) {
        return new ReplicaMeta(objectKey, 0, -1, -1, EpochHistory.EMPTY, 0, -1, 0);
    }

    ReplicaMeta withPromise(long epoch) {
        return new ReplicaMeta(objectKey, epoch, appliedTxid, applyingTo, history, pageSize, seedTxid, seedPageSize);
    }

    ReplicaMeta withHistory(EpochHistory h) {
        return new ReplicaMeta(objectKey, promisedEpoch, appliedTxid, applyingTo, h, pageSize, seedTxid, seedPageSize);
    }

    ReplicaMeta withApply(long applied, long applying, int databasePageSize) {
        return new ReplicaMeta(objectKey, promisedEpoch, applied, applying, history, databasePageSize, seedTxid,
                seedPageSize);
    }

    /** With a pending image at {@code txid} ({@code -1, 0}: none). */
    ReplicaMeta withSeed(long txid, int imagePageSize) {
        return new ReplicaMeta(objectKey, promisedEpoch, appliedTxid, applyingTo, history, pageSize, txid,
                imagePageSize);
    }

    /** Name of the file holding the pending image at {@code txid}. */
    static String seedFile(long txid) {
        return "seed-" + txid;
    }

    /** Reads the meta file of {@code dir}, or returns null when there is none. */
    static ReplicaMeta read(Path dir) throws IOException {
        byte[] b;
        try {
            b = Files.readAllBytes(dir.resolve(FILE));
        } catch (NoSuchFileException e) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(b);
        int magic = b.length < 8 ? 0 : in.getInt(0);
        if (magic != MAGIC && magic != MAGIC_V1) {
            throw new IOException(dir.resolve(FILE) + ": not a replica meta file");
        }
        CRC32C crc = new CRC32C();
        crc.update(b, 0, b.length - 4);
        if (in.getInt(b.length - 4) != (int) crc.getValue()) {
            throw new IOException(dir.resolve(FILE) + ": CRC mismatch");
        }
        in.position(4);
        byte[] key = new byte[in.getShort() & 0xFFFF];
        in.get(key);
        long promised = in.getLong();
        long applied = in.getLong();
        long applying = in.getLong();
        int n = in.getShort() & 0xFFFF;
        List<EpochStart> h = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            h.add(new EpochStart(in.getLong(), in.getLong()));
        }
        int pageSize = in.getInt();
        long seed = magic == MAGIC ? in.getLong() : -1;
        int seedPageSize = magic == MAGIC ? in.getInt() : 0;
        return new ReplicaMeta(new String(key, java.nio.charset.StandardCharsets.UTF_8), promised, applied, applying,
                new EpochHistory(h), pageSize, seed, seedPageSize);
    }

    /** Replaces the meta file durably. */
    void write(Path dir) throws IOException {
        byte[] key = objectKey.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(4 + 2 + key.length + 24 + 2 + 16 * history.entries().size() + 4 + 12 + 4);
        out.putInt(MAGIC).putShort((short) key.length).put(key).putLong(promisedEpoch).putLong(appliedTxid)
                .putLong(applyingTo).putShort((short) history.entries().size());
        for (EpochStart s : history.entries()) {
            out.putLong(s.epoch()).putLong(s.startTxid());
        }
        out.putInt(pageSize).putLong(seedTxid).putInt(seedPageSize);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        io.cairn.relay.capture.FileSync.writeAtomically(dir.resolve(FILE), out.array());
    }
}
