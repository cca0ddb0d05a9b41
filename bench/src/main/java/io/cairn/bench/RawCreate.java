package io.cairn.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Diagnostic baselines for activation, run in the same process: what creating and re-opening
 * databases costs with raw sqlite-jdbc on as many platform threads as there are cores, and how
 * fast this disk fsyncs right now.
 */
final class RawCreate {

    private RawCreate() {
    }

    /** How much syncing the creation does. */
    enum Sync {
        /** As the runtime: journal_mode=WAL at SQLite's default synchronous (FULL), then NORMAL. */
        AS_RUNTIME,
        /** synchronous=OFF for the WAL switch, then NORMAL (the WAL header is still synced once). */
        OFF_FOR_SWITCH,
        /** synchronous=OFF throughout: the cost of creating the files alone. */
        OFF
    }

    static final int THREADS = Runtime.getRuntime().availableProcessors();

    private static Path file(Path dir, int i) throws IOException {
        return Files.createDirectories(dir.resolve(String.format("%02x", i & 0xff))).resolve("db" + i + ".db");
    }

    /**
     * Creates databases {@code 0..n-1} in {@code dir} the way the runtime does (WAL, then
     * synchronous=NORMAL, a table and a row), keeping the connections open until all are made;
     * returns databases per second.
     */
    static double create(Path dir, int n, Sync sync) throws Exception {
        for (int i = 0; i < 256; i++) {
            Files.createDirectories(dir.resolve(String.format("%02x", i)));
        }
        return parallel(n, i -> {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file(dir, i));
            try (Statement st = c.createStatement()) {
                if (sync != Sync.AS_RUNTIME) {
                    st.execute("PRAGMA synchronous = OFF");
                }
                st.execute("PRAGMA journal_mode = WAL");
                if (sync != Sync.OFF) {
                    st.execute("PRAGMA synchronous = NORMAL");
                }
                st.execute("CREATE TABLE IF NOT EXISTS counter (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL)");
                st.execute("INSERT OR IGNORE INTO counter (id, value) VALUES (1, 0)");
            }
            return c;
        });
    }

    /** Re-opens databases made by {@link #create} and reads their row; returns databases per second. */
    static double reopen(Path dir, int n) throws Exception {
        return parallel(n, i -> {
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file(dir, i));
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA journal_mode = WAL");
                st.execute("PRAGMA synchronous = NORMAL");
                try (ResultSet rs = st.executeQuery("SELECT value FROM counter WHERE id = 1")) {
                    rs.next();
                }
            }
            return c;
        });
    }

    interface Open {
        Connection open(int i) throws Exception;
    }

    private static double parallel(int n, Open open) throws Exception {
        List<Connection> opened = Collections.synchronizedList(new ArrayList<>(n));
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        AtomicInteger next = new AtomicInteger();
        try {
            long start = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                workers.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < n) {
                        opened.add(open.open(i));
                    }
                    return null;
                }));
            }
            for (Future<?> w : workers) {
                w.get();
            }
            return n * 1e9 / (System.nanoTime() - start);
        } finally {
            pool.shutdown();
            for (Connection c : opened) {
                try {
                    c.close();
                } catch (SQLException e) {
                    // diagnostic only
                }
            }
        }
    }

    /** fdatasync of a 4 KiB overwrite in place, on one thread, for {@code nanos}; returns fsyncs per second. */
    static double fdatasyncRate(Path dir, long nanos) throws IOException {
        Path f = dir.resolve("fsync-probe");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer page = ByteBuffer.allocate(4096);
            ch.write(page, 0);
            ch.force(true);
            long start = System.nanoTime();
            long deadline = start + nanos;
            long n = 0;
            long now;
            while ((now = System.nanoTime()) < deadline) {
                page.clear();
                ch.write(page, 0);
                ch.force(false);
                n++;
            }
            return n * 1e9 / (now - start);
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
