package io.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the repository and the counter sample app (set by the deploy pom). */
final class TestPaths {

    private TestPaths() {
    }

    static Path repoRoot() throws IOException {
        return Path.of(System.getProperty("cairn.test.repoRoot", "..")).toRealPath();
    }

    static Path counterJar() {
        Path jar = Path.of(System.getProperty("cairn.test.counterJar", "../sample-apps/counter/target/counter.jar"));
        assertThat(jar)
                .as("the counter sample app must be packaged before these tests: run mvn -B package -pl sample-apps/counter")
                .isRegularFile();
        return jar;
    }

    /**
     * The embedded S3 server's jars; the calling test is skipped (not failed) when they are not
     * built, since only the storage-relay/store build makes them.
     */
    static Path s3proxyLib() {
        Path dir = Path.of(System.getProperty("cairn.test.s3proxyLib", "../" + S3ProxyLib.IN_REPOSITORY));
        assumeTrue(Files.isDirectory(dir), "skipped: the embedded S3 server's jars are not built (" + dir.toAbsolutePath().normalize()
                + " is missing); run mvn -B -pl storage-relay/store package first");
        return dir;
    }

    /** A directory laid out like the repository, holding only the counter app, as dev expects. */
    static Path homeWithCounter(Path dir) throws IOException {
        Path target = Files.createDirectories(dir.resolve("sample-apps/counter/target"));
        Files.copy(counterJar(), target.resolve("counter.jar"));
        return dir;
    }
}
