package io.cairn.relay.replication;

import io.cairn.relay.capture.CommitRecord;
import io.cairn.relay.capture.PageImage;
import io.cairn.relay.capture.WalPosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic commit records for protocol and store tests. */
final class Commits {

    static final int PAGE = 1024;

    private Commits() {
    }

    /** A commit writing page {@code 1 + txid % 4} (and page 1) with bytes derived from the txid. */
    static CommitRecord commit(long txid) {
        return commit(txid, txid);
    }

    /** Same shape as {@link #commit(long)}, content from {@code seed}: two owners' commits of one txid differ. */
    static CommitRecord commit(long txid, long seed) {
        Random r = new Random(seed * 31 + 7);
        List<PageImage> pages = new ArrayList<>();
        pages.add(new PageImage(1, bytes(r)));
        int other = 2 + (int) (txid % 3);
        pages.add(new PageImage(other, bytes(r)));
        return new CommitRecord(txid, 1_700_000_000_000L + txid, PAGE, 4, pages, WalPosition.NONE);
    }

    /** A whole-database image at {@code txid}: every page of a {@code pages}-page database, bytes from {@code seed}. */
    static CommitRecord image(long txid, int pages, long seed) {
        Random r = new Random(seed);
        List<PageImage> all = new ArrayList<>();
        for (int p = 1; p <= pages; p++) {
            all.add(new PageImage(p, bytes(r)));
        }
        return new CommitRecord(txid, 0, PAGE, pages, all, WalPosition.NONE);
    }

    /** {@code image} as Install chunks of {@code perChunk} pages. */
    static List<Message.Install> chunks(long epoch, EpochHistory history, long committed, CommitRecord image,
                                        int perChunk) {
        List<Message.Install> out = new ArrayList<>();
        for (int first = 1; first <= image.dbSizePages(); first += perChunk) {
            int last = Math.min(image.dbSizePages(), first + perChunk - 1);
            CommitRecord chunk = new CommitRecord(image.txid(), 0, image.pageSize(), image.dbSizePages(),
                    image.pages().subList(first - 1, last), WalPosition.NONE);
            out.add(new Message.Install("counter/a", epoch, history, committed, first, last == image.dbSizePages(),
                    chunk));
        }
        return out;
    }

    static List<CommitRecord> range(long from, long to) {
        List<CommitRecord> out = new ArrayList<>();
        for (long t = from; t <= to; t++) {
            out.add(commit(t));
        }
        return out;
    }

    private static byte[] bytes(Random r) {
        byte[] b = new byte[PAGE];
        r.nextBytes(b);
        return b;
    }
}
