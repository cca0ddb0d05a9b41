package io.cairn.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance case: 50,000 single-row writes, captured after each one, with a TRUNCATE checkpoint
 * whenever the WAL passes 4 MiB. The WAL stays under the bound throughout, and the restarts lose nothing.
 */
class WalBoundTest {

    private static final long BOUND = 4L << 20;

    @TempDir
    Path dir;

    @Test
    void walStaysBoundedAndRestartsLoseNothingOver50000Writes() throws Exception {
        try (LiveDb db = LiveDb.create(dir.resolve("live.db"), 4096)) {
            db.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, k TEXT, v TEXT)");
            db.exec("CREATE INDEX t_k ON t(k)");
            db.checkpoint("TRUNCATE");
            Path copy = Images.copy(db.file, dir.resolve("copy.db"));
            long maxWal = 0;
            int restarts = 0;
            long captured = 0;
            try (WalTailer tailer = new WalTailer(db.wal(), null);
                 FileChannel out = FileChannel.open(copy, StandardOpenOption.WRITE)) {
                for (int i = 0; i < 50_000; i++) {
                    db.exec("INSERT INTO t(k, v) VALUES (?, ?)", "key-" + (i * 7919 % 50_000), "value " + i);
                    List<WalTransaction> txs = tailer.poll();
                    assertThat(txs).hasSize(1);
                    captured++;
                    restarts += tailer.wasRestarted() ? 1 : 0;
                    for (WalTransaction t : txs) {
                        DatabaseImage.apply(out, t);
                    }
                    long walSize = Files.size(db.wal());
                    maxWal = Math.max(maxWal, walSize);
                    if (walSize > BOUND) {
                        db.checkpoint("TRUNCATE");   // the orchestrator's rule: only after capture
                    }
                }
            }
            assertThat(captured).isEqualTo(50_000);
            assertThat(restarts).isGreaterThan(3);
            // One commit past the bound at most: a handful of frames.
            assertThat(maxWal).isLessThan(BOUND + 16 * (4096 + 24));
            Images.assertSameDatabase(db, copy);
            assertThat(Images.count(copy, "t")).isEqualTo(50_000);
        }
    }
}
