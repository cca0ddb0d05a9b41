package io.cairn.relay.store;

import io.cairn.relay.capture.CommitRecord;
import io.cairn.relay.capture.PageImage;
import io.cairn.relay.capture.RecordCodec;
import io.cairn.relay.capture.WalPosition;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Fake but well-formed commits: a database of {@link #DB_PAGES} pages of {@link #PAGE_SIZE}
 * bytes where commit {@code t} rewrites page {@code t % DB_PAGES + 1} with bytes derived from
 * {@code t}, so the state at any txid can be computed and compared after a restore.
 */
final class TestRecords {

    static final int PAGE_SIZE = 512;
    static final int DB_PAGES = 4;

    private TestRecords() {
    }

    static CommitRecord record(long txid, long timeMillis) {
        return record(txid, timeMillis, 1);
    }

    /** A commit rewriting {@code pages} consecutive pages (more pages, bigger record). */
    static CommitRecord record(long txid, long timeMillis, int pages) {
        int dbPages = Math.max(DB_PAGES, pages);
        int firstPage = pages == 1 ? (int) (txid % DB_PAGES) + 1 : 1;
        PageImage[] images = new PageImage[pages];
        for (int i = 0; i < pages; i++) {
            images[i] = new PageImage(firstPage + i, page(txid, firstPage + i));
        }
        return new CommitRecord(txid, timeMillis, PAGE_SIZE, dbPages, List.of(images),
                new WalPosition(7, 9, 32 + (txid + 1) * (24 + PAGE_SIZE)));
    }

    static byte[] page(long txid, int pageNumber) {
        byte[] p = new byte[PAGE_SIZE];
        byte[] label = ("txid " + txid + " page " + pageNumber + " ").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < p.length; i++) {
            p[i] = label[i % label.length];
        }
        return p;
    }

    /** The database image after commits {@code 0..txid} of single-page records, from an empty start. */
    static byte[] stateAt(long txid) {
        byte[] db = new byte[DB_PAGES * PAGE_SIZE];
        for (int pg = 1; pg <= DB_PAGES; pg++) {
            long last = -1;
            for (long t = txid; t >= 0 && t > txid - DB_PAGES; t--) {
                if (t % DB_PAGES + 1 == pg) {
                    last = t;
                    break;
                }
            }
            if (last >= 0) {
                System.arraycopy(page(last, pg), 0, db, (pg - 1) * PAGE_SIZE, PAGE_SIZE);
            }
        }
        return db;
    }

    static byte[] encode(List<CommitRecord> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (CommitRecord r : records) {
                RecordCodec.write(r, out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static boolean samePages(CommitRecord a, CommitRecord b) {
        return a.txid() == b.txid() && a.pages().size() == b.pages().size()
                && Arrays.equals(a.pages().getFirst().data(), b.pages().getFirst().data());
    }
}
