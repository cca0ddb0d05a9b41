package io.cairn.relay.capture;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic commit histories over a small page size: random page writes, growth and shrink. */
final class Records {

    static final int PAGE = 512;

    private Records() {
    }

    static CommitRecord record(long txid, long time, int dbSize, int... pageNumbers) {
        List<PageImage> pages = new ArrayList<>();
        for (int n : pageNumbers) {
            byte[] data = new byte[PAGE];
            new Random(txid * 1000 + n).nextBytes(data);
            pages.add(new PageImage(n, data));
        }
        return new CommitRecord(txid, time, PAGE, dbSize, pages, new WalPosition(1, 2, 32 + txid * (PAGE + 24)));
    }

    /** Records {@code from..to} with times {@code 1000 + 10 × txid}; the database grows and sometimes shrinks. */
    static List<CommitRecord> history(long from, long to, long seed) {
        Random r = new Random(seed);
        List<CommitRecord> out = new ArrayList<>();
        int size = 4;
        for (long txid = from; txid <= to; txid++) {
            size = txid % 9 == 8 ? Math.max(2, size - 3) : size + r.nextInt(3);
            int pages = 1 + r.nextInt(Math.min(size, 5));
            java.util.TreeSet<Integer> numbers = new java.util.TreeSet<>();
            numbers.add(size);   // the last page is always written, as SQLite does when it grows
            while (numbers.size() < pages) {
                numbers.add(1 + r.nextInt(size));
            }
            out.add(record(txid, 1000 + 10 * txid, size, numbers.stream().mapToInt(Integer::intValue).toArray()));
        }
        return out;
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
}
