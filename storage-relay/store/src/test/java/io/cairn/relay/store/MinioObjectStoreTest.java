package io.cairn.relay.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class MinioObjectStoreTest extends S3TestSupport {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void putGetOpenExistsAndOverwrite() throws Exception {
        store.put("crud/a", utf8("first"));
        assertThat(store.get("crud/a")).hasValueSatisfying(b -> assertThat(b).isEqualTo(utf8("first")));
        assertThat(store.exists("crud/a")).isTrue();
        store.put("crud/a", utf8("second"));
        try (InputStream in = store.open("crud/a")) {
            assertThat(in.readAllBytes()).isEqualTo(utf8("second"));
        }
        store.put("crud/empty", new byte[0]);
        assertThat(store.get("crud/empty")).hasValueSatisfying(b -> assertThat(b).isEmpty());
    }

    @Test
    void absentKeysAreEmptyFalseOrNotFound() {
        assertThat(store.get("crud/missing")).isEmpty();
        assertThat(store.exists("crud/missing")).isFalse();
        assertThatThrownBy(() -> store.open("crud/missing"))
                .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                    assertThat(e.notFound()).isTrue();
                    assertThat(e.retryable()).isFalse();
                })
                .hasMessageContaining("crud/missing")
                .hasMessageContaining(s3.endpoint());
    }

    @Test
    void uploadsFilesIncludingMultipartSizes() throws Exception {
        Path file = tempRoot.resolve("big.bin");
        byte[] content = new byte[12 * 1024 * 1024 + 3];   // above the 5 MiB part size: a multipart upload
        new Random(3).nextBytes(content);
        Files.write(file, content);
        store.put("files/big.bin", file);
        try (InputStream in = store.open("files/big.bin")) {
            assertThat(in.readAllBytes()).isEqualTo(content);
        }
        assertThat(store.list("files/")).singleElement().satisfies(o -> assertThat(o.size()).isEqualTo(content.length));
        assertThatThrownBy(() -> store.put("files/none", tempRoot.resolve("does-not-exist")))
                .hasMessageContaining("does-not-exist");
    }

    @Test
    void listReadsEveryPageSortedAndOnlyThePrefix() throws Exception {
        // 1,100 keys: more than one 1,000-key page. Uploaded in parallel to keep the test quick.
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 1100; i++) {
            keys.add(String.format("page/%05d", (i * 7919) % 1100));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> puts = new ArrayList<>();
            for (String k : keys) {
                puts.add(pool.submit(() -> store.put(k, utf8(k))));
            }
            for (Future<?> f : puts) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        store.put("pagex/other", utf8("x"));
        Instant before = Instant.now().minus(1, ChronoUnit.HOURS);

        List<StoredObject> listed = store.list("page/");
        assertThat(listed).hasSize(1100);
        assertThat(listed.stream().map(StoredObject::key).toList()).isSorted().doesNotHaveDuplicates()
                .allMatch(k -> k.startsWith("page/"));
        assertThat(listed).allSatisfy(o -> {
            assertThat(o.size()).isEqualTo(10);
            assertThat(o.lastModified()).isAfter(before);
        });
        assertThat(store.list("nothing-here/")).isEmpty();
    }

    @Test
    void deleteRemovesManyKeysAndIgnoresMissingOnes() {
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            keys.add("del/" + i);
            store.put("del/" + i, utf8("v"));
        }
        store.put("keep/1", utf8("v"));
        List<String> doomed = new ArrayList<>(keys);
        doomed.add("del/never-existed");
        store.delete(doomed);
        store.delete(List.of());
        assertThat(store.list("del/")).isEmpty();
        assertThat(store.exists("keep/1")).isTrue();
    }

    @Test
    void aLazyStoreCreatesItsBucketOnFirstWrite() {
        try (MinioObjectStore lazy = MinioObjectStore.create(s3.options("cairn-lazy"))) {
            lazy.put("k", utf8("v"));
            assertThat(lazy.get("k")).isPresent();
        }
    }

    @Test
    void aStoppedServerGivesFastRetryableErrorsAndTheStoreWorksAfterRestart() {
        store.put("outage/k", utf8("v"));
        s3.stop();
        try {
            long start = System.nanoTime();
            for (Runnable call : List.<Runnable>of(
                    () -> store.put("outage/k2", utf8("v")),
                    () -> store.get("outage/k"),
                    () -> store.exists("outage/k"),
                    () -> store.list("outage/"),
                    () -> store.delete(List.of("outage/k")))) {
                assertThatThrownBy(call::run)
                        .isInstanceOfSatisfying(ObjectStoreException.class, e -> {
                            assertThat(e.retryable()).as(e.getMessage()).isTrue();
                            assertThat(e.notFound()).isFalse();
                        })
                        .hasMessageContaining(s3.endpoint());
            }
            assertThat(System.nanoTime() - start).as("fails fast").isLessThan(10_000_000_000L);
        } finally {
            s3.restart();
        }
        assertThat(store.get("outage/k")).isPresent();
        store.put("outage/k2", utf8("v"));
        assertThat(store.exists("outage/k2")).isTrue();
    }

    @Test
    void wrongCredentialsArePermanentFailures() {
        S3Options bad = S3Options.of(s3.endpoint(), BUCKET, s3.accessKey(), "wrong-secret");
        try (MinioObjectStore wrong = MinioObjectStore.create(bad)) {
            assertThatThrownBy(() -> wrong.get("crud/a"))
                    .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.retryable()).isFalse());
        }
    }
}
