package io.cairn.bench.cluster;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this JVM's threads split by where the work runs, so that a forwarded request's extra cost
 * can be placed: each member's Vert.x event loops (its HTTP front, and on the forwarding member the
 * proxy's HTTP client), the objects' carrier threads (shared by all members: one virtual-thread
 * scheduler per JVM), Hazelcast, and the rest. Event-loop threads are told apart by when they appeared:
 * {@link #claim} after starting a member gives it every event-loop thread not claimed yet, since a node
 * opens its front while it starts. Event loops that appear later are reported as {@code loop_late}.
 */
final class CpuSplit {

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static final String EVENT_LOOP = "vert.x-eventloop";

    private final Map<Long, String> loopOwner = new HashMap<>();

    /** Gives {@code member} the event-loop threads that exist now and belong to no earlier member. */
    synchronized void claim(String member) {
        for (ThreadInfo t : MX.getThreadInfo(MX.getAllThreadIds())) {
            if (t != null && t.getThreadName().startsWith(EVENT_LOOP)) {
                loopOwner.putIfAbsent(t.getThreadId(), member);
            }
        }
    }

    /** CPU nanoseconds per group, summed over the threads alive now. */
    synchronized Map<String, Long> sample() {
        Map<String, Long> out = new TreeMap<>();
        long[] ids = MX.getAllThreadIds();
        ThreadInfo[] infos = MX.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            long cpu = infos[i] == null ? -1 : MX.getThreadCpuTime(ids[i]);
            if (cpu > 0) {
                out.merge(group(ids[i], infos[i].getThreadName()), cpu, Long::sum);
            }
        }
        return out;
    }

    /** {@code after - before} per group, in microseconds per request. */
    static Map<String, Double> perRequest(Map<String, Long> before, Map<String, Long> after, long requests) {
        Map<String, Double> out = new TreeMap<>();
        after.forEach((k, v) -> out.put(k, requests > 0 ? (v - before.getOrDefault(k, 0L)) / 1000.0 / requests : Double.NaN));
        return out;
    }

    private String group(long id, String name) {
        if (name.startsWith(EVENT_LOOP)) {
            return "loop_" + loopOwner.getOrDefault(id, "late");
        } else if (name.startsWith("ForkJoinPool-")) {
            return "objects";   // carriers of the virtual threads that run the objects' handlers
        } else if (name.startsWith("hz.")) {
            return "hazelcast";
        }
        return "other";         // gate fsync threads, relay shipper and S3 client, GC, JIT, this driver
    }
}
