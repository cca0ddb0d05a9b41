package io.cairn.router.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ForwarderOptionsTest {

    @Test
    void defaultsRetryForAboutASecondAndAHalf() {
        ForwarderOptions o = ForwarderOptions.builder("n1").build();

        assertThat(o.maxAttempts()).isEqualTo(5);
        assertThat(o.firstBackoff()).isEqualTo(Duration.ofMillis(50));
        assertThat(o.maxBackoff()).isEqualTo(Duration.ofMillis(800));
        assertThat(o.nodeId()).isEqualTo("n1");
        assertThat(o.toBuilder().build()).isEqualTo(o);
    }

    @Test
    void backoffDoublesUpToTheCapWithJitterInTheUpperHalf() {
        ForwarderOptions o = ForwarderOptions.builder("n1").build();

        assertThat(o.backoff(0, 1.0)).isEqualTo(Duration.ofMillis(50));
        assertThat(o.backoff(1, 1.0)).isEqualTo(Duration.ofMillis(100));
        assertThat(o.backoff(3, 1.0)).isEqualTo(Duration.ofMillis(400));
        assertThat(o.backoff(4, 1.0)).isEqualTo(Duration.ofMillis(800));
        assertThat(o.backoff(40, 1.0)).isEqualTo(Duration.ofMillis(800));
        assertThat(o.backoff(Integer.MAX_VALUE, 1.0)).isEqualTo(Duration.ofMillis(800));
        assertThat(o.backoff(1, 0.0)).isEqualTo(Duration.ofMillis(50));
        assertThat(o.backoff(1, 0.5)).isEqualTo(Duration.ofMillis(75));
    }

    @Test
    void invalidValuesAreRejectedWithTheirName() {
        ForwarderOptions.Builder b = ForwarderOptions.builder("n1");

        assertThatThrownBy(() -> ForwarderOptions.builder(" ").build()).hasMessageContaining("nodeId");
        assertThatThrownBy(() -> b.maxAttempts(0).build()).hasMessageContaining("maxAttempts");
        assertThatThrownBy(() -> ForwarderOptions.builder("n1").maxBodyBytes(-1).build())
                .hasMessageContaining("maxBodyBytes");
        assertThatThrownBy(() -> ForwarderOptions.builder("n1").connectTimeout(Duration.ZERO).build())
                .hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> ForwarderOptions.builder("n1").maxBackoff(Duration.ofMillis(10)).build())
                .hasMessageContaining("maxBackoff");
        assertThatThrownBy(() -> ForwarderOptions.builder("n1").maxPoolSize(0).build())
                .hasMessageContaining("maxPoolSize");
    }

    @Test
    void remoteTargetsAreHostAndPort() {
        ForwardTarget.Remote v4 = new ForwardTarget.Remote("a", "10.0.0.1:8787");
        ForwardTarget.Remote v6 = new ForwardTarget.Remote("b", "[::1]:9000");

        assertThat(v4.host()).isEqualTo("10.0.0.1");
        assertThat(v4.port()).isEqualTo(8787);
        assertThat(v6.host()).isEqualTo("::1");
        assertThat(v6.port()).isEqualTo(9000);
        assertThatThrownBy(() -> new ForwardTarget.Remote("c", "nohost")).hasMessageContaining("host:port");
        assertThatThrownBy(() -> new ForwardTarget.Remote("c", "h:0")).hasMessageContaining("port");
        assertThatThrownBy(() -> new ForwardTarget.Remote("c", "h:x")).hasMessageContaining("port");
    }
}
