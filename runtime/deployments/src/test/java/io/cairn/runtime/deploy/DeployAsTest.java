package io.cairn.runtime.deploy;

import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.cairn.runtime.deploy.TestContexts.INSTANTIATE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Deployments whose version and time were decided elsewhere (a cluster log), and reading stored JARs back. */
class DeployAsTest extends StoreTestSupport {

    private static final String ROOM = "com.example.Room";
    private static final Instant AT = Instant.parse("2025-03-04T05:06:07.123456789Z");

    private static byte[] rooms(String text) {
        return app("rooms", "rooms", ROOM, text);
    }

    @Test
    void storesTheGivenVersionAndTimeAndBindsLikeDeploy() throws Exception {
        List<Deployment> told = new CopyOnWriteArrayList<>();
        store.addListener((d, ns) -> told.add(d));
        byte[] jar = rooms("v7");

        Deployment d = store.deployAs(jar, 7, AT, INSTANTIATE);

        assertThat(d.version()).isEqualTo(7);
        assertThat(d.id()).isEqualTo("dep-000007-" + Deployment.sha256Hex(jar).substring(0, 12));
        assertThat(d.deployedAt()).isEqualTo(Instant.parse("2025-03-04T05:06:07.123Z"));
        assertThat(d.sha256()).isEqualTo(Deployment.sha256Hex(jar));
        assertThat(store.lastVersion()).isEqualTo(7);
        assertThat(store.list()).containsExactly(d);
        assertThat(answer("rooms")).isEqualTo("v7");
        assertThat(told).containsExactly(d);
        // A local deploy continues the sequence after the decided version.
        assertThat(store.deploy(rooms("v8"), INSTANTIATE).version()).isEqualTo(8);
        assertThat(store.lastVersion()).isEqualTo(8);
    }

    @Test
    void versionsMaySkipNumbersAndSurviveARestart() throws Exception {
        Deployment v2 = store.deployAs(rooms("a"), 2, AT, INSTANTIATE);
        Deployment v5 = store.deployAs(rooms("b"), 5, AT.plusSeconds(1), INSTANTIATE);

        reopen();

        assertThat(store.list()).containsExactly(v2, v5);
        assertThat(store.lastVersion()).isEqualTo(5);
        assertThat(answer("rooms")).isEqualTo("b");
        assertThat(store.jarBytes(2)).hasValueSatisfying(b -> assertThat(b).isEqualTo(rooms("a")));
    }

    @Test
    void theSameJarAtAStoredVersionIsARepeatThatChangesNothing() throws Exception {
        byte[] jar = rooms("v1");
        Deployment first = store.deployAs(jar, 1, AT, INSTANTIATE);
        store.deployAs(rooms("v2"), 2, AT, INSTANTIATE);
        List<Deployment> told = new CopyOnWriteArrayList<>();
        store.addListener((d, ns) -> told.add(d));
        Observed before = observe();

        // Even with another time and a check that would fail: the stored deployment is the answer.
        Deployment again = store.deployAs(jar, 1, AT.plusSeconds(60), ns -> {
            throw new IllegalStateException("must not run");
        });

        assertThat(again).isEqualTo(first);
        assertThat(observe()).isEqualTo(before);
        assertThat(told).isEmpty();
    }

    @Test
    void anOlderOrTakenVersionIsRejectedAsStaleAndChangesNothing() throws Exception {
        store.deployAs(rooms("v3"), 3, AT, INSTANTIATE);
        Deployment v6 = store.deployAs(rooms("v6"), 6, AT, INSTANTIATE);
        Observed before = observe();

        DeploymentRejectedException taken = catchThrowableOfType(DeploymentRejectedException.class,
                () -> store.deployAs(rooms("other"), 6, AT, INSTANTIATE));
        DeploymentRejectedException gap = catchThrowableOfType(DeploymentRejectedException.class,
                () -> store.deployAs(rooms("other"), 4, AT, INSTANTIATE));

        assertThat(taken.code()).isEqualTo("stale_version");
        assertThat(taken.getMessage()).contains("version 6", "latest deployment (version 6)", v6.id(), "a different JAR");
        assertThat(gap.code()).isEqualTo("stale_version");
        assertThat(gap.getMessage()).contains("version 4", "(version 6)").doesNotContain("different JAR");
        assertThat(observe()).isEqualTo(before);
    }

    @Test
    void aBadJarIsRejectedFullyAndUsesUpNoVersion() throws Exception {
        store.deployAs(rooms("v1"), 1, AT, INSTANTIATE);
        Observed before = observe();

        DeploymentRejectedException notAJar = catchThrowableOfType(DeploymentRejectedException.class,
                () -> store.deployAs("{}".getBytes(), 2, AT, INSTANTIATE));
        DeploymentRejectedException threw = catchThrowableOfType(DeploymentRejectedException.class,
                () -> store.deployAs(rooms("v2"), 2, AT, ns -> {
                    throw new IllegalStateException("scratch database unavailable");
                }));
        DeploymentRejectedException tooLarge = catchThrowableOfType(DeploymentRejectedException.class,
                () -> store.deployAs(new byte[(int) MAX_JAR_BYTES + 1], 2, AT, INSTANTIATE));

        assertThat(notAJar.code()).isEqualTo("not_a_jar");
        assertThat(threw.code()).isEqualTo("constructor_threw");
        assertThat(threw.getMessage()).contains("scratch database unavailable");
        assertThat(tooLarge.code()).isEqualTo("too_large");
        assertThat(observe()).isEqualTo(before);
        assertThat(store.deployAs(rooms("v2"), 2, AT, INSTANTIATE).version()).isEqualTo(2);
    }

    @Test
    void argumentsAreChecked() {
        assertThatThrownBy(() -> store.deployAs(rooms("v1"), 0, AT, INSTANTIATE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("version starts at 1");
        assertThatThrownBy(() -> store.deployAs(rooms("v1"), 1, null, INSTANTIATE)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void lastVersionAndJarBytesOfAnEmptyStore() {
        assertThat(store.lastVersion()).isZero();
        assertThat(store.jarBytes(1)).isEmpty();
    }

    @Test
    void jarBytesGivesBackTheDeployedBytesAndRefusesADamagedFile() throws Exception {
        byte[] jar1 = rooms("v1");
        byte[] jar2 = rooms("v2");
        Deployment d1 = store.deploy(jar1, INSTANTIATE);
        store.deploy(jar2, INSTANTIATE);

        assertThat(store.jarBytes(1)).hasValueSatisfying(b -> assertThat(b).isEqualTo(jar1));
        assertThat(store.jarBytes(2)).hasValueSatisfying(b -> assertThat(b).isEqualTo(jar2));
        assertThat(store.jarBytes(3)).isEmpty();

        Path stored;
        try (var jars = Files.list(dir.resolve("jars"))) {
            stored = jars.filter(p -> p.getFileName().toString().startsWith(d1.id())).findFirst().orElseThrow();
        }
        byte[] damaged = jar1.clone();
        damaged[damaged.length / 2] ^= 1;
        Files.write(stored, damaged);
        assertThatThrownBy(() -> store.jarBytes(1)).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(d1.id()).hasMessageContaining("does not match");
    }
}
