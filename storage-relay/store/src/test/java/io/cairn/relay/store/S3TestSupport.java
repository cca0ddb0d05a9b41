package io.cairn.relay.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Base of tests that need a real S3-compatible server: one s3proxy child JVM per test class on a
 * free loopback port with a temp data dir, and a connected store on bucket {@link #BUCKET}.
 */
abstract class S3TestSupport {

    static final String BUCKET = "cairn-test";

    static Path tempRoot;
    static EmbeddedS3 s3;
    static MinioObjectStore store;

    @BeforeAll
    static void startS3() throws IOException {
        tempRoot = Files.createTempDirectory("cairn-store-test-");
        s3 = EmbeddedS3.start(tempRoot.resolve("s3"), "127.0.0.1", 0, EmbeddedS3.defaultLibDir());
        store = MinioObjectStore.connect(s3.options(BUCKET));
    }

    @AfterAll
    static void stopS3() throws IOException {
        if (store != null) {
            store.close();
        }
        if (s3 != null) {
            s3.close();
        }
        deleteTree(tempRoot);
    }

    static void deleteTree(Path root) throws IOException {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
