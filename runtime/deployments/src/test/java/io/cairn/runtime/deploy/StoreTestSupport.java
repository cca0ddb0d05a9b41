package io.cairn.runtime.deploy;

import io.cairn.runtime.deploy.testing.TestJars;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A fresh store in a temporary directory per test, and helpers to build and inspect deployments. */
abstract class StoreTestSupport {

    static final long MAX_JAR_BYTES = 1 << 20;

    @TempDir
    Path dir;
    DeploymentStore store;

    @BeforeEach
    void openStore() {
        store = DeploymentStore.open(dir, MAX_JAR_BYTES);
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    void reopen() {
        store.close();
        store = DeploymentStore.open(dir, MAX_JAR_BYTES);
    }

    /** A JAR of {@code app} binding {@code ns} to a class answering {@code text}. */
    static byte[] app(String app, String ns, String className, String text) {
        return TestJars.simpleApp(app, ns, className, text);
    }

    /** What {@code get()} of a fresh instance of the current binding of {@code ns} answers. */
    String answer(String ns) throws Exception {
        LoadedNamespace loaded = store.namespace(ns).orElseThrow();
        return answer(loaded);
    }

    @SuppressWarnings("unchecked")
    static String answer(LoadedNamespace loaded) throws Exception {
        return ((Supplier<String>) loaded.instantiate(TestContexts.withConfig(loaded.config()))).get();
    }

    /** Every file under the store directory → its size and content hash. */
    Map<String, String> files() {
        try (Stream<Path> walk = Files.walk(dir)) {
            Map<String, String> out = new TreeMap<>();
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(p);
                out.put(dir.relativize(p).toString(), bytes.length + ":" + Deployment.sha256Hex(bytes));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Everything a rejected deployment must leave as it was. */
    record Observed(List<Deployment> list, Set<String> namespaces, Map<String, LoadedNamespace> bindings,
                    Map<String, String> files) {
    }

    Observed observe() {
        Map<String, LoadedNamespace> bindings = new TreeMap<>();
        store.namespaces().forEach(ns -> bindings.put(ns, store.namespace(ns).orElseThrow()));
        return new Observed(List.copyOf(store.list()), Set.copyOf(store.namespaces()), bindings, files());
    }

    /** Asserts deploying {@code jar} is rejected with {@code code} and a message containing each part, changing nothing. */
    DeploymentRejectedException assertRejected(byte[] jar, ConstructorCheck check, String code, String... messageParts) {
        Observed before = observe();
        Throwable thrown = catchThrowable(() -> store.deploy(jar, check));
        assertThat(thrown).isInstanceOf(DeploymentRejectedException.class);
        DeploymentRejectedException e = (DeploymentRejectedException) thrown;
        assertThat(e.code()).as("code of: %s", e.getMessage()).isEqualTo(code);
        for (String part : messageParts) {
            assertThat(e.getMessage()).contains(part);
        }
        Observed after = observe();
        assertThat(after).isEqualTo(before);
        // Same instances, not just equal ones: nothing was rebound.
        before.bindings().forEach((ns, binding) -> assertThat(store.namespace(ns)).containsSame(binding));
        return e;
    }
}
