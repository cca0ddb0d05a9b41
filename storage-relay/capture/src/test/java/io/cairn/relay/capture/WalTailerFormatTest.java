package io.cairn.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** WalTailer against synthetic WAL files: byte orders, torn and corrupt tails, stale generations. */
class WalTailerFormatTest {

    private static final int PAGE = 512;

    @TempDir
    Path dir;

    private Path wal() {
        return dir.resolve("db-wal");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void bothChecksumByteOrdersAreAccepted(boolean bigEndian) throws Exception {
        WalBuilder w = new WalBuilder(PAGE, bigEndian, 0x9000_0001L, 0x1234_5678L);
        w.frame(1, 0, w.page(1, 1)).frame(2, 2, w.page(2, 2));
        w.frame(3, 3, w.page(3, 3));
        w.writeTo(wal());
        WalTailer tailer = new WalTailer(wal(), null);
        List<WalTransaction> txs = tailer.poll();
        assertThat(txs).hasSize(2);
        assertThat(txs.get(0).pages()).containsExactly(new PageImage(1, w.page(1, 1)), new PageImage(2, w.page(2, 2)));
        assertThat(txs.get(0).dbSizePages()).isEqualTo(2);
        assertThat(txs.get(1).pages()).containsExactly(new PageImage(3, w.page(3, 3)));
        assertThat(txs.get(1).end()).isEqualTo(new WalPosition(0x9000_0001L, 0x1234_5678L, w.size()));
    }

    @Test
    void theLastFrameOfAPageInATransactionWinsAndPagesAreSorted() throws Exception {
        WalBuilder w = new WalBuilder(PAGE, false, 7, 8);
        w.frame(5, 0, w.page(5, 1)).frame(2, 0, w.page(2, 1)).frame(5, 0, w.page(5, 2)).frame(3, 6, w.page(3, 1));
        w.writeTo(wal());
        List<WalTransaction> txs = new WalTailer(wal(), null).poll();
        assertThat(txs).singleElement().satisfies(t -> assertThat(t.pages())
                .containsExactly(new PageImage(2, w.page(2, 1)), new PageImage(3, w.page(3, 1)),
                        new PageImage(5, w.page(5, 2))));
    }

    @Test
    void framesAfterTheLastCommitAreReturnedOnlyOnceCommitted() throws Exception {
        WalBuilder w = new WalBuilder(PAGE, false, 7, 8);
        w.frame(1, 1, w.page(1, 1));
        w.frame(2, 0, w.page(2, 1));   // a transaction still being written
        w.writeTo(wal());
        WalTailer tailer = new WalTailer(wal(), null);
        assertThat(tailer.poll()).hasSize(1);
        long afterFirst = tailer.position().offset();
        assertThat(afterFirst).isEqualTo(32 + w.frameSize());
        w.frame(3, 3, w.page(3, 1));
        w.writeTo(wal());
        List<WalTransaction> txs = tailer.poll();
        assertThat(txs).singleElement().satisfies(t -> assertThat(t.pages()).extracting(PageImage::pageNumber)
                .containsExactly(2, 3));
    }

    @Test
    void aTornOrGarbageTailIsIgnored() throws Exception {
        WalBuilder w = new WalBuilder(PAGE, false, 7, 8);
        w.frame(1, 1, w.page(1, 1)).frame(1, 1, w.page(1, 2));
        w.writeTo(wal());
        byte[] extra = new WalBuilder(PAGE, false, 7, 8).frame(9, 9, w.page(9, 9)).bytes();
        // half of a frame, then random garbage of a whole frame's length
        Files.write(wal(), java.util.Arrays.copyOfRange(extra, 32, 32 + w.frameSize() / 2), StandardOpenOption.APPEND);
        WalTailer tailer = new WalTailer(wal(), null);
        assertThat(tailer.poll()).hasSize(2);
        Files.write(wal(), new byte[w.frameSize() * 2], StandardOpenOption.APPEND);
        assertThat(tailer.poll()).isEmpty();
        assertThat(tailer.position().offset()).isEqualTo(w.size());
    }

    /**
     * Documented behaviour: damage inside committed frames that were not read yet breaks the checksum chain, so
     * that transaction and every later one of the generation are never returned (SQLite's own recovery would
     * drop them too). Earlier transactions are returned; the position stays before the damage.
     */
    @Test
    void aDamagedUnreadFrameHidesItsTransactionAndEveryLaterOne() throws Exception {
        WalBuilder w = new WalBuilder(PAGE, false, 7, 8);
        w.frame(1, 1, w.page(1, 1));
        long secondStart = w.size();
        w.frame(2, 0, w.page(2, 1)).frame(3, 3, w.page(3, 1));
        w.frame(4, 4, w.page(4, 1));
        w.writeTo(wal());
        WalTailerSqliteTest.flipByte(wal(), secondStart + 24 + 77);
        WalTailer tailer = new WalTailer(wal(), null);
        assertThat(tailer.poll()).singleElement()
                .satisfies(t -> assertThat(t.pages()).extracting(PageImage::pageNumber).containsExactly(1));
        assertThat(tailer.position().offset()).isEqualTo(secondStart);
        assertThat(tailer.poll()).isEmpty();
    }

    @Test
    void anInvalidHeaderMeansAnEmptyWal() throws Exception {
        WalBuilder w = new WalBuilder(PAGE, false, 7, 8);
        w.frame(1, 1, w.page(1, 1));
        w.writeTo(wal());
        WalTailerSqliteTest.flipByte(wal(), 13);   // checkpoint sequence: header checksum no longer matches
        assertThat(new WalTailer(wal(), null).poll()).isEmpty();
        w.writeTo(wal());
        WalTailerSqliteTest.flipByte(wal(), 0);    // magic
        assertThat(new WalTailer(wal(), null).poll()).isEmpty();
    }

    @Test
    void aRestartedGenerationIsReadFromItsStartAndOlderFramesAfterItAreIgnored() throws Exception {
        WalBuilder old = new WalBuilder(PAGE, false, 7, 8);
        for (int i = 1; i <= 5; i++) {
            old.frame(i, i, old.page(i, 1));
        }
        old.writeTo(wal());
        WalTailer tailer = new WalTailer(wal(), null);
        assertThat(tailer.poll()).hasSize(5);
        WalBuilder next = new WalBuilder(PAGE, false, 8, 99);
        next.frame(2, 5, next.page(2, 7));
        byte[] file = old.bytes();
        System.arraycopy(next.bytes(), 0, file, 0, (int) next.size());   // SQLite overwrites in place
        Files.write(wal(), file);
        List<WalTransaction> txs = tailer.poll();
        assertThat(tailer.wasRestarted()).isTrue();
        assertThat(txs).singleElement().satisfies(t -> assertThat(t.pages()).containsExactly(new PageImage(2, next.page(2, 7))));
        assertThat(tailer.position()).isEqualTo(new WalPosition(8, 99, next.size()));
        assertThat(tailer.poll()).isEmpty();
        assertThat(tailer.wasRestarted()).isFalse();
    }

    @Test
    void aShorterFileWithTheCapturedSaltsIsCorruption() throws Exception {
        WalBuilder w = new WalBuilder(PAGE, false, 7, 8);
        w.frame(1, 1, w.page(1, 1)).frame(2, 2, w.page(2, 1));
        w.writeTo(wal());
        WalTailer tailer = new WalTailer(wal(), null);
        tailer.poll();
        Files.write(wal(), java.util.Arrays.copyOf(w.bytes(), 32 + w.frameSize()));
        assertThatThrownBy(tailer::poll).isInstanceOf(WalCorruptException.class).hasMessageContaining("shorter");
    }

    @Test
    void resumingAtTheEndOfAnUncommittedFrameThrows() throws Exception {
        WalBuilder w = new WalBuilder(PAGE, false, 7, 8);
        w.frame(1, 0, w.page(1, 1)).frame(2, 2, w.page(2, 1));
        w.writeTo(wal());
        WalTailer tailer = new WalTailer(wal(), new WalPosition(7, 8, 32 + w.frameSize()));
        assertThatThrownBy(tailer::poll).isInstanceOf(WalCorruptException.class)
                .hasMessageContaining("offset " + (32 + w.frameSize()));
        WalTailer ok = new WalTailer(wal(), new WalPosition(7, 8, 32));
        assertThat(ok.poll()).hasSize(1);
    }

    @Test
    void aResumePositionOfAnotherGenerationReadsTheCurrentOneAsRestarted() throws Exception {
        WalBuilder w = new WalBuilder(PAGE, true, 70, 80);
        w.frame(1, 1, w.page(1, 1));
        w.writeTo(wal());
        WalTailer tailer = new WalTailer(wal(), new WalPosition(69, 5, 32 + 10L * w.frameSize()));
        assertThat(tailer.poll()).hasSize(1);
        assertThat(tailer.wasRestarted()).isTrue();
    }
}
