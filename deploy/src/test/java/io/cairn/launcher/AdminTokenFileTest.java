package io.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminTokenFileTest {

    @TempDir
    Path dir;

    @Test
    void createsAPrivateRandomTokenOnceThenReusesIt() throws Exception {
        Path file = AdminTokenFile.path(dir);
        String token = AdminTokenFile.loadOrCreate(file);
        assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(AdminTokenFile.loadOrCreate(file)).isEqualTo(token);
        assertThat(AdminTokenFile.generate()).isNotEqualTo(token);
        try (var leftovers = Files.list(file.getParent())) {
            assertThat(leftovers).containsExactly(file);
        }
    }

    @Test
    void anEmptyFileIsRefusedWithAFix() throws Exception {
        Path file = AdminTokenFile.path(dir);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "\n");
        assertThatThrownBy(() -> AdminTokenFile.loadOrCreate(file))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("is empty")
                .hasMessageContaining("delete the file");
    }

    @Test
    void aHandWrittenTokenIsKeptTrimmed() throws Exception {
        Path file = AdminTokenFile.path(dir);
        Files.createDirectories(file.getParent());
        Files.writeString(file, "  my-own-long-dev-token  \n");
        assertThat(AdminTokenFile.loadOrCreate(file)).isEqualTo("my-own-long-dev-token");
    }
}
