package io.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the embedded S3 server's jars, and the messages when they are not there. */
class S3ProxyLibTest {

    @TempDir
    Path home;

    @BeforeEach
    void noOverride() {
        assumeTrue(System.getProperty("cairn.s3proxy.lib") == null && System.getenv("CAIRN_S3PROXY_LIB") == null,
                "an s3proxy lib dir override is set in this environment");
    }

    @Test
    void theDirectoryInTheRepositoryIsUsed() throws Exception {
        Path lib = Files.createDirectories(home.resolve("storage-relay/store/target/s3proxy-lib"));
        assertThat(S3ProxyLib.locate(home)).isEqualTo(lib);
    }

    @Test
    void anUnbuiltRepositorySaysToBuild() {
        assertThatThrownBy(() -> S3ProxyLib.locate(home)).isInstanceOf(CliException.class)
                .hasMessageContaining(home.resolve("storage-relay/store/target/s3proxy-lib").toString())
                .hasMessageContaining("deploy/bin/cairn build");
    }

    @Test
    void withoutAHomeItSaysHowToStart() {
        assertThatThrownBy(() -> S3ProxyLib.locate(null)).isInstanceOf(CliException.class)
                .hasMessageContaining("deploy/bin/cairn").hasMessageContaining("CAIRN_S3PROXY_LIB");
    }
}
