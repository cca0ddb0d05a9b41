package io.cairn.relay.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StoreHealthTest {

    @Test
    void backoffDoublesWithJitterUpToTheCap() {
        RetryBackoff b = new RetryBackoff(Duration.ofMillis(500), Duration.ofSeconds(30));
        for (int i = 0; i < 200; i++) {
            assertThat(b.delayMillis(1)).isBetween(250L, 500L);
            assertThat(b.delayMillis(3)).isBetween(1000L, 2000L);
            assertThat(b.delayMillis(40)).isBetween(15_000L, 30_000L);
        }
    }

    @Test
    void anOutagePausesEveryoneAndOneProbeAtATimeReopens() {
        StoreHealth h = new StoreHealth(new RetryBackoff(Duration.ofMillis(100), Duration.ofMillis(1000)));
        assertThat(h.permit(0)).isEqualTo(StoreHealth.Permit.GO);
        assertThat(h.unreachable(0, false)).isTrue();   // the outage starts: log once
        assertThat(h.unreachable(1, false)).isFalse();  // runs already in flight do not extend it
        assertThat(h.permit(10)).isEqualTo(StoreHealth.Permit.WAIT);
        assertThat(h.permit(100)).isEqualTo(StoreHealth.Permit.PROBE);
        assertThat(h.permit(100)).isEqualTo(StoreHealth.Permit.WAIT);   // one probe only
        assertThat(h.unreachable(100, true)).isFalse();
        assertThat(h.pausedForMillis(100)).isBetween(100L, 200L);     // doubled
        assertThat(h.permit(400)).isEqualTo(StoreHealth.Permit.PROBE);
        h.probeInconclusive(400);                                       // that lane had nothing to send
        assertThat(h.permit(400)).isEqualTo(StoreHealth.Permit.PROBE);
        assertThat(h.reachable()).isTrue();
        assertThat(h.permit(401)).isEqualTo(StoreHealth.Permit.GO);
        assertThat(h.healthy()).isTrue();
    }
}
