package io.cairn.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseImageTest {

    @TempDir
    Path dir;

    @Test
    void pagesLandAtTheirOffsetsAndTheFileTakesTheCommitSize() throws Exception {
        Path db = Files.createFile(dir.resolve("db"));
        try (FileChannel ch = FileChannel.open(db, StandardOpenOption.WRITE)) {
            CommitRecord grow = Records.record(1, 1, 6, 1, 3);   // pages 2, 4..6 never written: zero
            DatabaseImage.apply(ch, grow);
            assertThat(Files.size(db)).isEqualTo(6 * 512);
            byte[] file = Files.readAllBytes(db);
            assertThat(Arrays.copyOfRange(file, 0, 512)).isEqualTo(grow.pages().get(0).data());
            assertThat(Arrays.copyOfRange(file, 1024, 1536)).isEqualTo(grow.pages().get(1).data());
            assertThat(Arrays.copyOfRange(file, 512, 1024)).containsOnly(0);
            CommitRecord shrink = Records.record(2, 2, 2, 2);
            DatabaseImage.apply(ch, shrink);
            file = Files.readAllBytes(db);
            assertThat(file).hasSize(1024);
            assertThat(Arrays.copyOfRange(file, 512, 1024)).isEqualTo(shrink.pages().get(0).data());
        }
    }
}
