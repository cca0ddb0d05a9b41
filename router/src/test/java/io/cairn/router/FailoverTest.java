package io.cairn.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members in their own processes with peer replication, owners killed with SIGKILL again and again
 * under concurrent writes through every member: no acknowledged write is lost, none is repeated,
 * and each object's history never skips or repeats a write.
 */
class FailoverTest {

    @TempDir
    Path dir;

    @Test
    void killingOwnersLosesNoAcknowledgedWrite() throws Exception {
        run(4, 3, 2, 2, 6);
    }

    /** The long variant: six members, replicas 5, quorum 3, ten kills ({@code mvn -Psoak}). */
    @Test
    @Tag("soak")
    void soakKillingOwnersLosesNoAcknowledgedWrite() throws Exception {
        run(6, 5, 3, Integer.getInteger("cairn.soak.kills", 10), 12);
    }

    private void run(int members, int replicas, int quorum, int kills, int objects) throws Exception {
        try (ProcessCluster cluster = new ProcessCluster(dir, members, replicas, quorum)) {
            cluster.deployLog();
            LogWriters writers = new LogWriters(cluster, 4, objects);
            List<Long> failovers = new ArrayList<>();
            for (int k = 0; k < kills; k++) {
                TimeUnit.SECONDS.sleep(2);
                String victimObject = LogWriters.object(k % objects);
                String owner = cluster.ownerOf(cluster.live().get(0), victimObject);
                int slot = cluster.slotOf(owner);
                assertThat(slot).as("owner %s of %s: %s", owner, victimObject,
                        cluster.admin(cluster.live().get(0), "GET", "/admin/v1/objects/log/" + victimObject, null)).isNotNegative();
                int before = writers.ackedCount();
                long killedAt = System.nanoTime();
                cluster.kill(slot);
                // Failover: the first acknowledged write to the victim's object after the kill.
                long served = -1;
                for (int attempt = 0; served < 0 && System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(60); attempt++) {
                    // A new value per attempt: a refused attempt may still have run (503 not_durable).
                    String v = "probe" + k + "-" + attempt;
                    writers.uncertain.computeIfAbsent(victimObject, o -> java.util.concurrent.ConcurrentHashMap.newKeySet()).add(v);
                    try {
                        if (cluster.send(cluster.randomLive(), "POST", "/objects/log/" + victimObject + "/add?v=" + v)
                                .statusCode() == 200) {
                            served = (System.nanoTime() - killedAt) / 1_000_000;
                            writers.acked.computeIfAbsent(victimObject, o -> java.util.concurrent.ConcurrentHashMap.newKeySet()).add(v);
                        }
                    } catch (java.io.IOException e) {
                        // a member refusing while the cluster settles
                    }
                    if (served < 0) {
                        TimeUnit.MILLISECONDS.sleep(50);
                    }
                }
                assertThat(served).as("failover of %s after killing %s", victimObject, owner).isPositive();
                failovers.add(served);
                cluster.awaitMembers(members - 1);
                cluster.start(slot);
                cluster.awaitMembers(members);
                assertThat(writers.ackedCount()).as("writes acknowledged during round %d", k).isGreaterThan(before);
            }
            TimeUnit.SECONDS.sleep(2);
            writers.stop();
            writers.verify();
            System.out.printf("failover: %d members, replicas %d, quorum %d: %d acknowledged writes, %d uncertain, %d refused;"
                            + " kill -9 to first acknowledged write on the new owner (ms): %s%n", members, replicas, quorum,
                    writers.ackedCount(), writers.uncertain.values().stream().mapToInt(java.util.Set::size).sum(),
                    writers.refused.get(), failovers);
        }
    }
}
