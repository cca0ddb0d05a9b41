package io.cairn.relay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompressionTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsEmptyTinyAndLargeInputs() {
        Random random = new Random(42);
        byte[] noise = new byte[1 << 20];
        random.nextBytes(noise);
        byte[] repetitive = "the same SQLite page again and again ".repeat(50_000).getBytes(StandardCharsets.US_ASCII);
        for (byte[] input : new byte[][] {new byte[0], {7}, "hello".getBytes(StandardCharsets.US_ASCII), noise, repetitive}) {
            byte[] compressed = Compression.compress(input);
            assertThat(Compression.decompress(compressed)).isEqualTo(input);
        }
        assertThat(Compression.compress(repetitive).length).isLessThan(repetitive.length / 50);
    }

    @Test
    void everyObjectIsOneStandardZstdFrameWithChecksum() {
        byte[] compressed = Compression.compress(new byte[] {1, 2, 3});
        // zstd frame magic 0xFD2FB528, little-endian: readable by the stock `zstd -d` in an emergency.
        assertThat(Arrays.copyOf(compressed, 4)).containsExactly(0x28, 0xB5, 0x2F, 0xFD);
        // Frame header descriptor: bit 2 = content checksum present.
        assertThat(compressed[4] & 0x04).isEqualTo(0x04);
        // Tiny inputs cost a frame header and a checksum: no raw-storage flag is worth it.
        assertThat(compressed.length).isLessThan(20);
    }

    @Test
    void filesCompressStreamingAndReadBackThroughTheDecompressingStream() throws IOException {
        Path in = dir.resolve("db");
        Path out = dir.resolve("db.zst");
        byte[] content = new byte[3 * 1024 * 1024 + 17];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i % 251 < 200 ? i % 7 : i);
        }
        Files.write(in, content);
        Compression.compress(in, out);
        assertThat(Files.size(out)).isLessThan(content.length);
        try (InputStream back = Compression.decompressing(Files.newInputStream(out))) {
            assertThat(back.readAllBytes()).isEqualTo(content);
        }
    }

    @Test
    void truncatedOrCorruptedFramesFailLoudly() {
        byte[] content = new byte[200_000];
        new Random(1).nextBytes(content);
        byte[] compressed = Compression.compress(content);
        byte[] truncated = Arrays.copyOf(compressed, compressed.length - 100);
        assertThatThrownBy(() -> {
            try (InputStream in = Compression.decompressing(new ByteArrayInputStream(truncated))) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class);

        byte[] flipped = compressed.clone();
        flipped[flipped.length - 2] ^= 0x55;   // inside the content checksum
        assertThatThrownBy(() -> {
            try (InputStream in = Compression.decompressing(new ByteArrayInputStream(flipped))) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class);
    }
}
