package io.cairn.bench.relay;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of this JVM's platform threads, summed per kind of thread (the name with its numbers
 * removed). Virtual threads (the objects' handlers) are charged to their carriers,
 * {@code ForkJoinPool-N-worker-N}. Threads that end between two samples are lost.
 */
final class ThreadCpu {

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private ThreadCpu() {
    }

    static Map<String, Long> sample() {
        Map<String, Long> out = new TreeMap<>();
        long[] ids = MX.getAllThreadIds();
        ThreadInfo[] infos = MX.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] == null) {
                continue;
            }
            long cpu = MX.getThreadCpuTime(ids[i]);
            if (cpu > 0) {
                out.merge(kind(infos[i].getThreadName()), cpu, Long::sum);
            }
        }
        return out;
    }

    /** Per-thread-kind CPU between two samples, in the groups the relay benchmarks report. */
    static Map<String, Long> groupedDelta(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> out = new TreeMap<>();
        after.forEach((k, v) -> {
            long d = v - before.getOrDefault(k, 0L);
            if (d > 0) {
                out.merge(group(k), d, Long::sum);
            }
        });
        return out;
    }

    private static String kind(String name) {
        return name.replaceAll("\\d+", "N");
    }

    private static String group(String kind) {
        if (kind.startsWith("ForkJoinPool-N-worker")) {
            return "objects";            // carriers of the virtual threads: object handlers, capture, checkpoints
        } else if (kind.startsWith("cairn-fsync")) {
            return "gate_fsync";
        } else if (kind.startsWith("cairn-shipper")) {
            return "shipper";           // seal, decode + check, zstd, PUT
        } else if (kind.startsWith("cairn-snapshot-copy")) {
            return "snapshot_copy";
        } else if (kind.startsWith("OkHttp")) {
            return "s3_client";
        } else if (kind.startsWith("GC ") || kind.startsWith("G1 ")) {
            return "gc";
        } else if (kind.startsWith("C1 ") || kind.startsWith("C2 ")) {
            return "jit";
        } else if (kind.equals("main")) {
            return "driver";
        }
        return "other";
    }
}
