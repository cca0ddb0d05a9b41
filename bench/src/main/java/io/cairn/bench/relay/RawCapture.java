package io.cairn.bench.relay;

import io.cairn.bench.objects.EventLog;
import io.cairn.relay.capture.CommitRecord;
import io.cairn.relay.capture.SealedBatch;
import io.cairn.relay.capture.Spool;
import io.cairn.relay.capture.WalTailer;
import io.cairn.relay.capture.WalTransaction;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * Diagnostic: the relay's per-commit capture work measured on a raw sqlite-jdbc connection, one thread, no
 * output gate and no shipping, to price capture alone. Each event is {@code BEGIN IMMEDIATE; INSERT;
 * COMMIT} (the runtime's statement pattern) with the same table and payload as the node cases.
 *
 * <ul>
 *   <li>{@code plain}: SQLite's own checkpoints (wal_autocheckpoint 1000 pages), as a node without the relay.</li>
 *   <li>{@code truncate}: automatic checkpoints off, {@code PRAGMA wal_checkpoint(TRUNCATE)} once the WAL
 *       passes 4 MiB, as the relay checkpoints, but nothing captured.</li>
 *   <li>{@code restart}: the same with {@code wal_checkpoint(RESTART)}: the WAL file keeps its size and is
 *       overwritten from the start.</li>
 *   <li>{@code capture}: as {@code truncate}, plus after every commit what {@code RelayedObject.capture}
 *       does ({@link WalTailer#poll}, {@link CommitRecord#of}, {@link Spool#append}) and before every
 *       checkpoint what {@code RelayedObject.checkpoint} does (spool fsync + markCheckpoint). Spool
 *       batches are sealed at 16 MiB and dropped at once (a shipper that costs nothing here).</li>
 *   <li>{@code capture_restart}: {@code capture} with RESTART checkpoints.</li>
 *   <li>{@code capture_deferred}: {@code capture} with the poll moved from every commit to just before each
 *       checkpoint (one poll reads the ~1,000 transactions of 4 MiB of WAL); the same records reach the spool.</li>
 * </ul>
 */
final class RawCapture implements AutoCloseable {

    enum Mode {
        PLAIN, TRUNCATE, RESTART, CAPTURE, CAPTURE_RESTART, CAPTURE_DEFERRED;

        boolean captures() {
            return this == CAPTURE || this == CAPTURE_RESTART || this == CAPTURE_DEFERRED;
        }

        boolean restarts() {
            return this == RESTART || this == CAPTURE_RESTART;
        }
    }

    private static final long CHECKPOINT_WAL_BYTES = 4L << 20;
    private static final long BATCH_BYTES = 16L << 20;

    private final Mode mode;
    private final Connection conn;
    private final PreparedStatement insert;
    private final PreparedStatement begin;
    private final PreparedStatement commit;
    private final Statement checkpoint;
    private final String payload;
    private final WalTailer tailer;
    private final Spool spool;
    private long txid;

    RawCapture(Path dir, Mode mode, String payload) throws SQLException, IOException {
        this.mode = mode;
        this.payload = payload;
        java.nio.file.Files.createDirectories(dir);
        Path db = dir.resolve("raw.db");
        this.conn = DriverManager.getConnection("jdbc:sqlite:" + db);
        try (Statement st = conn.createStatement()) {
            st.execute("PRAGMA journal_mode = WAL");
            st.execute("PRAGMA synchronous = NORMAL");
            st.execute("PRAGMA wal_autocheckpoint = " + (mode == Mode.PLAIN ? 1000 : 0));
            st.execute(EventLog.CREATE);
        }
        this.insert = conn.prepareStatement(EventLog.INSERT);
        this.begin = conn.prepareStatement("BEGIN IMMEDIATE");
        this.commit = conn.prepareStatement("COMMIT");
        this.checkpoint = conn.createStatement();
        this.tailer = mode.captures() ? new WalTailer(dir.resolve("raw.db-wal"), null) : null;
        this.spool = mode.captures() ? Spool.open(dir.resolve("spool")) : null;
        if (spool != null) {
            capture();
        }
    }

    /** Wall time of each step in the last {@link #run}, nanoseconds: sql, poll, append, spool_sync, checkpoint, seal. */
    final long[] stepNanos = new long[6];
    static final String[] STEPS = {"sql", "poll", "append", "spool_sync", "checkpoint", "seal"};
    long events;

    /** Runs for {@code nanos}; returns events per second. */
    double run(long nanos) throws SQLException, IOException {
        java.util.Arrays.fill(stepNanos, 0);
        long start = System.nanoTime();
        long deadline = start + nanos;
        long n = 0;
        long now;
        long walBytes = 0;
        while ((now = System.nanoTime()) < deadline) {
            begin.execute();
            insert.setLong(1, System.currentTimeMillis());
            insert.setString(2, payload);
            insert.executeUpdate();
            commit.execute();
            long t1 = System.nanoTime();
            stepNanos[0] += t1 - now;
            n++;
            boolean deferred = mode == Mode.CAPTURE_DEFERRED;
            if (mode.captures()) {
                walBytes += 4096 + 24;
                boolean checkpointDue = deferred ? walBytes > CHECKPOINT_WAL_BYTES : false;
                if (!deferred || checkpointDue) {
                    List<WalTransaction> txs = tailer.poll();
                    long t2 = System.nanoTime();
                    stepNanos[1] += t2 - t1;
                    for (WalTransaction t : txs) {
                        spool.append(CommitRecord.of(++txid, System.currentTimeMillis(), t));
                    }
                    stepNanos[2] += System.nanoTime() - t2;
                }
                long t3 = System.nanoTime();
                // Deferred: the position moved only if this commit polled; otherwise it is stale.
                if (deferred ? checkpointDue : tailer.position().offset() > CHECKPOINT_WAL_BYTES) {
                    spool.sync();
                    spool.markCheckpoint(tailer.position());
                    long t4 = System.nanoTime();
                    stepNanos[3] += t4 - t3;
                    checkpoint();
                    stepNanos[4] += System.nanoTime() - t4;
                    walBytes = 0;
                }
                if (spool.pendingBytes() >= BATCH_BYTES) {
                    long t5 = System.nanoTime();
                    Optional<SealedBatch> b = spool.seal();
                    if (b.isPresent()) {
                        spool.shipped(b.get());
                    }
                    stepNanos[5] += System.nanoTime() - t5;
                }
            } else if (mode != Mode.PLAIN) {
                walBytes += 4096 + 24;   // one frame per single-row commit on this table (until a leaf splits)
                if (walBytes > CHECKPOINT_WAL_BYTES) {
                    checkpoint();
                    stepNanos[4] += System.nanoTime() - t1;
                    walBytes = 0;
                }
            }
        }
        events = n;
        return n * 1e9 / (now - start);
    }

    private void capture() throws IOException {
        List<WalTransaction> txs = tailer.poll();
        for (WalTransaction t : txs) {
            spool.append(CommitRecord.of(++txid, System.currentTimeMillis(), t));
        }
    }

    private void checkpoint() throws SQLException {
        try (var rs = checkpoint.executeQuery(mode.restarts() ? "PRAGMA wal_checkpoint(RESTART)" : "PRAGMA wal_checkpoint(TRUNCATE)")) {
            rs.next();
        }
    }

    @Override
    public void close() throws SQLException {
        if (spool != null) {
            spool.close();
        }
        if (tailer != null) {
            tailer.close();
        }
        conn.close();
    }
}
