package io.cairn.relay.capture;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads newly committed transactions from one SQLite {@code -wal} file, incrementally.
 *
 * <p>A transaction counts only if SQLite's own recovery would accept it: every frame's salts equal the
 * header's and the cumulative checksum chain holds from the header through its commit frame (the
 * frame whose "database size" field is non-zero). Frames after the last valid commit frame are
 * ignored: they belong to a transaction still being written, a rolled-back transaction, a torn write,
 * or an older WAL generation. Such frames are re-examined by the next poll, because the position only
 * ever advances to the end of a commit frame.
 *
 * <p><b>Corruption of unread frames.</b> If a byte of a committed frame that was not read yet is damaged,
 * the chain breaks there and neither that transaction nor any later one of the generation is ever
 * returned; the WAL is indistinguishable from one whose tail was never committed, which is exactly how
 * SQLite would treat it after a crash. A poll that returns nothing after a commit that changed rows is
 * therefore the caller's signal of damage.
 *
 * <p><b>Restarts.</b> When the header's salts differ from the position's, SQLite restarted the WAL (after a
 * checkpoint); the new generation is read from offset 32 and {@link #wasRestarted()} reports it. The
 * caller must have captured the old generation's tail before it checkpointed.
 *
 * <p>Not thread-safe: used from the object's thread. Holds the WAL open between polls; {@link #close()}
 * releases it (a later poll reopens it).
 */
public final class WalTailer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WalTailer.class);

    private final Path walFile;
    private final WalFrames frames = new WalFrames();
    private final byte[] headerBytes = new byte[WalHeader.BYTES];

    private WalPosition position;
    /** Checksum chain value at {@code position.offset()}; meaningful only when {@code chainKnown}. */
    private long chain;
    private boolean chainKnown;
    private boolean restarted;
    private boolean invalidHeaderReported;

    private FileChannel channel;
    private Object channelKey;

    /**
     * @param walFile    the database's {@code -wal} file (it need not exist yet)
     * @param resumeFrom where capture stopped before, or null (or {@link WalPosition#NONE}) to read the
     *                   current WAL from its start
     */
    public WalTailer(Path walFile, WalPosition resumeFrom) {
        this.walFile = Objects.requireNonNull(walFile, "walFile");
        this.position = resumeFrom == null ? WalPosition.NONE : resumeFrom;
    }

    /**
     * Every complete, valid transaction after the position, in commit order; advances the position to the
     * end of the last one. A missing WAL, or one without a valid header, yields an empty list.
     *
     * @throws WalCorruptException the header still names the captured generation but the file is shorter
     *                             than the captured position, or (first poll after resuming) the chain
     *                             does not reach a commit frame ending exactly at the position
     */
    public List<WalTransaction> poll() throws IOException {
        WalPosition before = position;
        long chainBefore = chain;
        boolean knownBefore = chainKnown;
        try {
            return read();
        } catch (IOException | RuntimeException e) {
            // The position may have moved past transactions that will now never be returned: undo, so the
            // next poll reads them again (or fails the same way).
            position = before;
            chain = chainBefore;
            chainKnown = knownBefore;
            restarted = false;
            throw e;
        }
    }

    private List<WalTransaction> read() throws IOException {
        restarted = false;
        long size = openCurrent();
        if (size < WalHeader.BYTES || !WalFrames.readHeader(channel, headerBytes)) {
            return List.of();
        }
        WalHeader header = WalHeader.parse(headerBytes);
        if (header == null) {
            if (!invalidHeaderReported) {   // once per episode: poll runs after every commit
                log.warn("{}: WAL header is not valid, treating the WAL as empty (as SQLite does)", walFile);
                invalidHeaderReported = true;
            }
            return List.of();
        }
        invalidHeaderReported = false;
        frames.reset(channel);
        if (!position.isKnown()) {
            begin(header);
        } else if (header.sameGeneration(position)) {
            if (size < position.offset()) {
                throw new WalCorruptException(walFile, position.offset(),
                        "the file (" + size + " bytes) is shorter than the captured position of its generation");
            }
            if (!chainKnown) {
                verifyUpTo(header, position.offset());
            }
        } else {
            if (header.salt1() != ((position.salt1() + 1) & 0xFFFF_FFFFL)) {
                // A checkpoint restart increments salt-1; anything else is a WAL recreated after the last
                // connection closed, or more than one restart since the capture (commits may be missing).
                log.debug("{}: WAL generation with salt-1 {} does not directly follow the captured one ({})",
                        walFile, header.salt1(), position.salt1());
            }
            begin(header);
            restarted = true;
        }
        List<WalTransaction> out = new ArrayList<>();
        advance(header, size, out);
        return out;
    }

    /** Just after the last captured commit frame; {@link WalPosition#NONE} before any WAL was seen. */
    public WalPosition position() {
        return position;
    }

    /** True when the last poll crossed into a new WAL generation. */
    public boolean wasRestarted() {
        return restarted;
    }

    public Path walFile() {
        return walFile;
    }

    /** Releases the file handle; the tailer stays usable. */
    @Override
    public void close() {
        closeChannel();
    }

    private void begin(WalHeader header) {
        position = header.positionAt(WalHeader.BYTES);
        chain = header.checksum();
        chainKnown = true;
    }

    /**
     * Resuming in the same generation: the chain value at the position is not known, so walk the chain
     * from the header and require a valid commit frame ending exactly at the position. This reads the
     * WAL once per tailer; later polls read only new bytes.
     */
    private void verifyUpTo(WalHeader header, long target) throws IOException {
        if ((target - WalHeader.BYTES) % header.frameSize() != 0) {
            throw new WalCorruptException(walFile, target, "position is not on a frame boundary for page size "
                    + header.pageSize());
        }
        begin(header);
        advance(header, target, null);
        if (position.offset() != target) {
            long reached = position.offset();
            throw new WalCorruptException(walFile, target, "the checksum chain cannot be continued from the "
                    + "captured position (valid commits end at offset " + reached + ")");
        }
    }

    /**
     * Walks valid frames from the position up to {@code limit}, moving the position to the end of every
     * commit frame; collects the transactions into {@code out} unless it is null (verification only).
     */
    private void advance(WalHeader h, long limit, List<WalTransaction> out) throws IOException {
        int frameSize = h.frameSize();
        int pageSize = h.pageSize();
        int salt1 = (int) h.salt1();
        int salt2 = (int) h.salt2();
        Map<Integer, byte[]> pending = out == null ? null : new TreeMap<>();
        long off = position.offset();
        long state = chain;
        while (true) {
            int i = frames.frame(off, frameSize, limit);
            if (i < 0) {
                break;
            }
            byte[] b = frames.buffer();
            int pageNumber = WalChecksum.field(b, i);
            if (pageNumber <= 0 || WalChecksum.field(b, i + 8) != salt1 || WalChecksum.field(b, i + 12) != salt2) {
                break;
            }
            state = WalChecksum.update(h.bigEndianWords(), state, b, i, 8);
            state = WalChecksum.update(h.bigEndianWords(), state, b, i + WalFrames.HEADER_BYTES, pageSize);
            if (state != WalChecksum.pack(WalChecksum.field(b, i + 16), WalChecksum.field(b, i + 20))) {
                break;
            }
            off += frameSize;
            if (pending != null) {
                int from = i + WalFrames.HEADER_BYTES;
                pending.put(pageNumber, Arrays.copyOfRange(b, from, from + pageSize));
            }
            int dbSize = WalChecksum.field(b, i + 4);
            if (dbSize != 0) {
                position = h.positionAt(off);
                chain = state;
                if (pending != null) {
                    out.add(transaction(pageSize, dbSize, pending, position));
                    pending.clear();
                }
            }
        }
    }

    private static WalTransaction transaction(int pageSize, int dbSize, Map<Integer, byte[]> pages, WalPosition end) {
        List<PageImage> images = new ArrayList<>(pages.size());
        pages.forEach((n, data) -> images.add(new PageImage(n, data)));
        return new WalTransaction(pageSize, dbSize, images, end);
    }

    /**
     * Opens the WAL if needed and returns its size, or -1 when it does not exist. Reopens when the file
     * was replaced (SQLite deletes the WAL when the last connection closes), detected by its file key.
     */
    private long openCurrent() throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(walFile, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            closeChannel();
            return -1;
        }
        Object key = attrs.fileKey();
        if (channel == null || key == null || !key.equals(channelKey)) {
            closeChannel();
            try {
                channel = FileChannel.open(walFile, StandardOpenOption.READ);
            } catch (NoSuchFileException e) {
                return -1;
            }
            channelKey = key;
            return channel.size();
        }
        return attrs.size();
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                log.debug("closing {}", walFile, e);
            }
            channel = null;
            channelKey = null;
        }
    }
}
