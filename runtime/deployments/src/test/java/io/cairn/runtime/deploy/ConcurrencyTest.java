package io.cairn.runtime.deploy;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import static io.cairn.runtime.deploy.TestContexts.INSTANTIATE;
import static org.assertj.core.api.Assertions.assertThat;

/** deploy() runs concurrently with itself and with lock-free readers. */
class ConcurrencyTest extends StoreTestSupport {

    @Test
    void concurrentDeploysAreSerializedAndReadersAlwaysSeeACompleteBinding() throws Exception {
        int deployers = 4;
        int perDeployer = 5;
        List<byte[]> jars = new ArrayList<>();
        for (int i = 0; i < deployers * perDeployer; i++) {
            jars.add(app("rooms", "rooms", "com.example.Room", "v" + i));
        }
        store.deploy(jars.getFirst(), INSTANTIATE);

        List<Long> heard = new CopyOnWriteArrayList<>();
        store.addListener((d, ns) -> heard.add(d.version()));
        AtomicBoolean done = new AtomicBoolean();
        List<String> problems = new CopyOnWriteArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(deployers + 2);
        try {
            List<Future<?>> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(pool.submit(() -> {
                    long lastSeen = 0;
                    while (!done.get()) {
                        LoadedNamespace ns = store.namespace("rooms").orElse(null);
                        if (ns == null) {
                            problems.add("rooms unbound while redeploying");
                            return;
                        }
                        if (ns.deployment().version() < lastSeen) {
                            problems.add("binding went back from " + lastSeen + " to " + ns.deployment().version());
                        }
                        lastSeen = ns.deployment().version();
                    }
                }));
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> writers = new ArrayList<>();
            ConcurrentHashMap<Long, Boolean> versions = new ConcurrentHashMap<>();
            for (int w = 0; w < deployers; w++) {
                int first = 1 + w * perDeployer;
                writers.add(pool.submit(() -> {
                    start.await();
                    for (int i = first; i < first + perDeployer && i < jars.size(); i++) {
                        versions.put(store.deploy(jars.get(i), INSTANTIATE).version(), true);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : writers) {
                f.get(60, TimeUnit.SECONDS);
            }
            done.set(true);
            for (Future<?> f : readers) {
                f.get(10, TimeUnit.SECONDS);
            }
            int total = jars.size();
            assertThat(problems).isEmpty();
            assertThat(store.list()).extracting(Deployment::version)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            assertThat(versions.keySet()).hasSize(total - 1);
            assertThat(heard).containsExactlyElementsOf(LongStream.rangeClosed(2, total).boxed().toList());
            assertThat(store.namespace("rooms").orElseThrow().deployment()).isEqualTo(store.list().getLast());
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
    }
}
