package io.cairn.relay.replication;

import io.cairn.relay.capture.CommitRecord;
import io.cairn.relay.capture.CorruptRecordException;
import io.cairn.relay.capture.RecordCodec;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One object's append-only log of received commits on a replica: a file of consecutive {@link RecordCodec}
 * records. Appends are not fsynced here; {@link #force()} is, called by the store's group sync so one fsync
 * covers every commit written before it.
 *
 * <p>Thread-safety: every method is synchronized, so the group-sync thread's {@link #force()} cannot meet
 * a compaction swapping the file; all other calls come from the object's serial executor.
 */
final class ReplicaLog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaLog.class);

    private final Path file;
    private FileChannel channel;
    /** Start offset of every record by txid, plus the end of the file. */
    private final TreeMap<Long, Long> offsets = new TreeMap<>();
    private long end;

    private ReplicaLog(Path file) {
        this.file = file;
    }

    /** Opens (creating) the log, cutting off a torn or damaged tail and anything after a txid gap. */
    static ReplicaLog open(Path file) throws IOException {
        ReplicaLog l = new ReplicaLog(file);
        Files.deleteIfExists(file.resolveSibling(file.getFileName() + ".tmp"));
        l.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        l.scan();
        return l;
    }

    private void scan() throws IOException {
        long size = channel.size();
        long pos = 0;
        try (InputStream in = new BufferedInputStream(Channels.newInputStream(channel.position(0)), 1 << 16)) {
            CountingStream counting = new CountingStream(in);
            while (true) {
                CommitRecord r;
                try {
                    r = RecordCodec.read(counting);
                } catch (CorruptRecordException e) {
                    log.warn("{}: cutting the log at offset {} of {}: {}", file, pos, size, e.getMessage());
                    break;
                }
                if (r == null || (!offsets.isEmpty() && r.txid() != offsets.lastKey() + 1)) {
                    break;
                }
                offsets.put(r.txid(), pos);
                pos = counting.count;
            }
        }
        // The stream wrapper must not close the channel: reopen position handling below.
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        if (pos < size) {
            channel.truncate(pos);
            channel.force(true);
        }
        end = pos;
    }

    synchronized long firstTxid() {
        return offsets.isEmpty() ? -1 : offsets.firstKey();
    }

    synchronized long lastTxid() {
        return offsets.isEmpty() ? -1 : offsets.lastKey();
    }

    synchronized boolean holds(long txid) {
        return offsets.containsKey(txid);
    }

    /** Appends one record; it must follow the last one (any txid when the log is empty). No fsync. */
    synchronized void append(CommitRecord r) throws IOException {
        if (!offsets.isEmpty() && r.txid() != offsets.lastKey() + 1) {
            throw new IllegalStateException("log of " + file + " ends at " + offsets.lastKey() + ", got " + r.txid());
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) r.encodedBytes());
        RecordCodec.write(r, bytes);
        ByteBuffer b = ByteBuffer.wrap(bytes.toByteArray());
        long at = end;
        while (b.hasRemaining()) {
            at += channel.write(b, at);
        }
        offsets.put(r.txid(), end);
        end = at;
    }

    /** Removes every record after {@code txid}, durably. */
    synchronized void truncateAfter(long txid) throws IOException {
        Map.Entry<Long, Long> cut = offsets.ceilingEntry(txid + 1);
        if (cut == null) {
            return;
        }
        end = cut.getValue();
        offsets.tailMap(txid + 1, true).clear();
        channel.truncate(end);
        channel.force(true);
    }

    /** Records {@code from..to} (inclusive) that the log holds, from {@code from} on, stopping after maxBytes. */
    synchronized List<CommitRecord> read(long from, long to, long maxBytes) throws IOException {
        List<CommitRecord> out = new ArrayList<>();
        Long start = offsets.get(from);
        if (start == null) {
            return out;
        }
        long bytes = 0;
        try (InputStream in = new BufferedInputStream(Channels.newInputStream(reader(start)), 1 << 16)) {
            for (long t = from; t <= to && offsets.containsKey(t) && (out.isEmpty() || bytes < maxBytes); t++) {
                CommitRecord r = RecordCodec.read(in);
                out.add(r);
                bytes += r.payloadBytes();
            }
        }
        return out;
    }

    private FileChannel reader(long position) throws IOException {
        return FileChannel.open(file, StandardOpenOption.READ).position(position);
    }

    /** fsyncs everything appended so far. */
    synchronized void force() throws IOException {
        channel.force(false);
    }

    /** Rewrites the log without the records before {@code keepFrom} (temp file, fsync, atomic rename). */
    synchronized void compact(long keepFrom) throws IOException {
        Long cut = offsets.ceilingKey(keepFrom);
        long from = cut == null ? end : offsets.get(cut);
        if (from == 0) {
            return;
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long done = 0;
            while (done < end - from) {
                done += channel.transferTo(from + done, end - from - done, out);
            }
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        io.cairn.relay.capture.FileSync.syncDirectory(file.getParent());
        channel.close();
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        TreeMap<Long, Long> kept = new TreeMap<>();
        offsets.tailMap(keepFrom, true).forEach((t, o) -> kept.put(t, o - from));
        offsets.clear();
        offsets.putAll(kept);
        end -= from;
    }

    /** Drops every record durably (after a snapshot replaced the database). */
    synchronized void reset() throws IOException {
        offsets.clear();
        end = 0;
        channel.truncate(0);
        channel.force(true);
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    /** Counts bytes consumed, so record offsets are known while reading through a buffer. */
    private static final class CountingStream extends InputStream {
        private final InputStream in;
        long count;

        CountingStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
