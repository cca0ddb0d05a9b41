package io.cairn.relay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.relay.capture.CommitRecord;
import io.cairn.relay.capture.CorruptRecordException;
import io.cairn.relay.capture.RecordCodec;
import io.cairn.relay.capture.SealedBatch;
import io.cairn.relay.capture.Spool;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentEncoderTest {

    @TempDir
    Path dir;

    private SealedBatch batch(long first, long last) throws IOException {
        try (Spool spool = Spool.open(dir.resolve("spool-" + first))) {
            for (long t = first; t <= last; t++) {
                spool.append(TestRecords.record(t, 1_000 + t, 3));
            }
            return spool.seal().orElseThrow();
        }
    }

    @Test
    void aSegmentIsTheBatchFileInOneZstdFrame() throws IOException {
        SealedBatch b = batch(0, 9);
        try (SegmentEncoder.Encoded e = SegmentEncoder.encode(b)) {
            assertThat(e.file()).isNull();
            assertThat(e.size()).isEqualTo(e.bytes().length).isLessThan(b.bytes());
            assertThat(Compression.decompress(e.bytes())).isEqualTo(Files.readAllBytes(b.file()));
            List<CommitRecord> records = RecordCodec.readAll(new ByteArrayInputStream(Compression.decompress(e.bytes())));
            assertThat(records).extracting(CommitRecord::txid).containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        }
    }

    @Test
    void largeBatchesGoThroughATempFileThatCloseDeletes() throws IOException {
        SealedBatch b = batch(5, 8);
        Path tmp;
        try (SegmentEncoder.Encoded e = SegmentEncoder.encode(b, 0)) {
            assertThat(e.bytes()).isNull();
            tmp = e.file();
            assertThat(e.size()).isEqualTo(Files.size(tmp));
            try (InputStream in = Compression.decompressing(Files.newInputStream(tmp))) {
                assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(b.file()));
            }
        }
        assertThat(tmp).doesNotExist();
    }

    @Test
    void aDamagedBatchIsRefusedNamingItsFile() throws IOException {
        SealedBatch b = batch(0, 3);
        byte[] bytes = Files.readAllBytes(b.file());
        bytes[bytes.length / 2] ^= 0x01;   // inside a page: the body CRC catches it
        Files.write(b.file(), bytes);
        assertThatThrownBy(() -> SegmentEncoder.encode(b))
                .isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining(b.file().toString())
                .hasMessageContaining("cannot be shipped");
    }

    @Test
    void aBatchThatDoesNotHoldItsNamedRangeIsRefused() throws IOException {
        SealedBatch b = batch(0, 3);
        SealedBatch longer = new SealedBatch(0, 4, b.firstTimeMillis(), b.lastTimeMillis(), b.file(), b.bytes());
        assertThatThrownBy(() -> SegmentEncoder.encode(longer)).hasMessageContaining("ends after txid 3");
        SealedBatch shifted = new SealedBatch(1, 4, b.firstTimeMillis(), b.lastTimeMillis(), b.file(), b.bytes());
        assertThatThrownBy(() -> SegmentEncoder.encode(shifted)).hasMessageContaining("holds txid 0 where txid 1 belongs");
    }
}
