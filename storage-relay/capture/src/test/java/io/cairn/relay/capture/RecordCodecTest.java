package io.cairn.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordCodecTest {

    @Test
    void recordsRoundTrip() throws Exception {
        List<CommitRecord> records = Records.history(0, 40, 1);
        byte[] bytes = Records.encode(records);
        assertThat(RecordCodec.readAll(new ByteArrayInputStream(bytes))).isEqualTo(records);
        assertThat(bytes.length).isEqualTo(records.stream().mapToLong(CommitRecord::encodedBytes).sum());
    }

    @Test
    void extremeValuesRoundTrip() throws Exception {
        CommitRecord r = new CommitRecord(Long.MAX_VALUE, -5, 65536, Integer.MAX_VALUE,
                List.of(new PageImage(Integer.MAX_VALUE, new byte[65536])),
                new WalPosition(0xFFFF_FFFFL, 0x8000_0000L, Long.MAX_VALUE));
        assertThat(RecordCodec.read(new ByteArrayInputStream(Records.encode(List.of(r))))).isEqualTo(r);
        CommitRecord empty = new CommitRecord(0, 0, 512, 1, List.of(), WalPosition.NONE);
        assertThat(RecordCodec.read(new ByteArrayInputStream(Records.encode(List.of(empty))))).isEqualTo(empty);
    }

    @Test
    void cleanEndOfStreamIsNull() throws Exception {
        assertThat(RecordCodec.read(new ByteArrayInputStream(new byte[0]))).isNull();
    }

    @Test
    void aFlippedBitAnywhereIsDetected() {
        byte[] bytes = Records.encode(List.of(Records.record(3, 99, 4, 1, 2, 4)));
        for (int i = 0; i < bytes.length; i += 37) {
            byte[] damaged = bytes.clone();
            damaged[i] ^= 0x10;
            assertThatThrownBy(() -> RecordCodec.read(new ByteArrayInputStream(damaged)))
                    .as("flip at byte %d", i).isInstanceOf(CorruptRecordException.class);
        }
        byte[] body = bytes.clone();
        body[200] ^= 1;
        assertThatThrownBy(() -> RecordCodec.read(new ByteArrayInputStream(body)))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("CRC");
    }

    @Test
    void aTruncatedRecordIsDetectedAtEveryCut() {
        byte[] bytes = Records.encode(List.of(Records.record(3, 99, 4, 1, 2, 4)));
        for (int cut = 1; cut < bytes.length; cut += 13) {
            byte[] partial = Arrays.copyOf(bytes, cut);
            assertThatThrownBy(() -> RecordCodec.read(new ByteArrayInputStream(partial)))
                    .as("cut at %d", cut).isInstanceOf(CorruptRecordException.class).hasMessageContaining("truncated");
        }
    }

    @Test
    void badMagicIsReported() {
        byte[] bytes = Records.encode(List.of(Records.record(3, 99, 4, 1)));
        bytes[0] = 'X';
        assertThatThrownBy(() -> RecordCodec.read(new ByteArrayInputStream(bytes)))
                .isInstanceOf(CorruptRecordException.class).hasMessageContaining("magic");
    }

    @Test
    void readAllStopsAtTheFirstDamage() {
        List<CommitRecord> records = Records.history(0, 5, 2);
        byte[] bytes = Records.encode(records);
        byte[] damaged = Arrays.copyOf(bytes, bytes.length - 3);
        assertThatThrownBy(() -> RecordCodec.readAll(new ByteArrayInputStream(damaged)))
                .isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void recordsRejectUnsortedOrWrongSizedPages() {
        byte[] page = new byte[512];
        assertThatThrownBy(() -> new CommitRecord(1, 1, 512, 3,
                List.of(new PageImage(2, page), new PageImage(1, page)), WalPosition.NONE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CommitRecord(1, 1, 512, 3, List.of(new PageImage(2, new byte[100])),
                WalPosition.NONE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CommitRecord(1, 1, 1000, 3, List.of(), WalPosition.NONE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void payloadBytesCountPageData() {
        CommitRecord r = Records.record(1, 1, 9, 1, 5, 9);
        assertThat(r.payloadBytes()).isEqualTo(3 * 512);
        assertThat(r.encodedBytes()).isEqualTo(16 + 44 + 3 * (4 + 512) + 4);
    }
}
