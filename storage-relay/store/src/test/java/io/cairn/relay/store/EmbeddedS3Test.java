package io.cairn.relay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedS3Test {

    @TempDir
    Path dir;

    @Test
    void s3proxyIsNotOnThisJvmsClasspath() {
        assertThatThrownBy(() -> Class.forName(S3ProxyChild.S3PROXY_MAIN)).isInstanceOf(ClassNotFoundException.class);
        assertThatThrownBy(() -> Class.forName("ch.qos.logback.classic.Logger")).isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void aMissingLibDirFailsWithAMessageNamingIt() {
        Path missing = dir.resolve("no-such-lib");
        assertThatThrownBy(() -> EmbeddedS3.start(dir.resolve("data"), "127.0.0.1", 0, missing))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("s3proxy-lib");
        assertThatThrownBy(() -> EmbeddedS3.start(dir.resolve("data"), "127.0.0.1", 0, dir))
                .hasMessageContaining("no s3proxy-*.jar");
    }

    @Test
    void dataSurvivesStopAndRestartOnTheSamePort() throws Exception {
        Path data = dir.resolve("data");
        try (EmbeddedS3 s3 = EmbeddedS3.start(data, "127.0.0.1", 0, EmbeddedS3.defaultLibDir())) {
            int port = s3.port();
            assertThat(port).isPositive();
            assertThat(s3.endpoint()).isEqualTo("http://127.0.0.1:" + port);
            try (MinioObjectStore store = MinioObjectStore.connect(s3.options("restart-test"))) {
                store.put("k", "v".getBytes(StandardCharsets.UTF_8));
                s3.stop();
                assertThat(s3.isRunning()).isFalse();
                assertThat(S3ProxyProcess.answers(s3.endpoint())).isFalse();
                s3.restart();
                assertThat(s3.isRunning()).isTrue();
                assertThat(s3.port()).isEqualTo(port);
                assertThat(store.get("k")).hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("v"));
            }
            // The filesystem backend: one directory per bucket under the data dir.
            assertThat(data.resolve("restart-test")).isDirectory();
            assertThat(Files.readString(s3.logFile())).doesNotContain("DEBUG");
        }
    }

    @Test
    void closeStopsTheChildAndRemovesItsRunDirectory() {
        EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("data"), "127.0.0.1", 0, EmbeddedS3.defaultLibDir());
        Path runDir = s3.logFile().getParent();
        String endpoint = s3.endpoint();
        s3.close();
        s3.close();   // idempotent
        assertThat(S3ProxyProcess.answers(endpoint)).isFalse();
        assertThat(runDir).doesNotExist();
        assertThatThrownBy(s3::restart).hasMessageContaining("closed");
    }
}
