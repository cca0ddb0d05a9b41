package io.cairn.router.placement;

import io.cairn.api.ObjectId;
import io.cairn.router.membership.MemberInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Rendezvous (highest-random-weight) hashing: each member gets a score per object and the highest
 * score owns it; the next ones are its replica candidates. Adding or removing a member moves only
 * the objects that member wins or held (about 1/N of them), and every node computes the same
 * answer from the same member list with no shared table. See docs/cluster.md for why this over
 * Hazelcast's partition table.
 */
public final class Rendezvous {

    private Rendezvous() {
    }

    /** The owner of {@code id} among {@code members}, if there is any member. */
    public static Optional<MemberInfo> owner(ObjectId id, List<MemberInfo> members) {
        MemberInfo best = null;
        long bestScore = 0;
        for (MemberInfo m : members) {
            long s = score(m.nodeId(), id);
            if (best == null || Long.compareUnsigned(s, bestScore) > 0
                    || (s == bestScore && m.nodeId().compareTo(best.nodeId()) < 0)) {
                best = m;
                bestScore = s;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Every member ordered by preference for {@code id}: the owner first, then replica candidates. */
    public static List<MemberInfo> ranking(ObjectId id, List<MemberInfo> members) {
        List<MemberInfo> sorted = new ArrayList<>(members);
        sorted.sort((a, b) -> {
            int c = Long.compareUnsigned(score(b.nodeId(), id), score(a.nodeId(), id));
            return c != 0 ? c : a.nodeId().compareTo(b.nodeId());
        });
        return sorted;
    }

    /** A 64-bit mix of the member and object names; stable across JVMs and versions. */
    static long score(String nodeId, ObjectId id) {
        long h = 0xcbf29ce484222325L;
        h = fnv(h, nodeId.getBytes(StandardCharsets.UTF_8));
        h = fnv(h, new byte[] {0});
        h = fnv(h, id.namespace().getBytes(StandardCharsets.UTF_8));
        h = fnv(h, new byte[] {0});
        h = fnv(h, id.name().getBytes(StandardCharsets.UTF_8));
        return mix(h);
    }

    private static long fnv(long h, byte[] bytes) {
        for (byte b : bytes) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** SplitMix64's finalizer: FNV alone clusters for similar names. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
