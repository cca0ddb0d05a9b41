package io.cairn.bench.replication;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of this JVM's platform threads by thread-name family (numbers blanked, every Hazelcast
 * thread as one), to see where a replicated write's CPU goes when all members share the JVM. Members
 * are not told apart: their Vert.x and Hazelcast threads have the same names.
 */
final class ThreadGroupCpu {

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    private ThreadGroupCpu() {
    }

    /** CPU nanoseconds per family, summed over the threads alive now. */
    static Map<String, Long> sample() {
        Map<String, Long> out = new HashMap<>();
        long[] ids = MX.getAllThreadIds();
        ThreadInfo[] infos = MX.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            long cpu = infos[i] == null ? -1 : MX.getThreadCpuTime(ids[i]);
            if (cpu > 0) {
                out.merge(family(infos[i].getThreadName()), cpu, Long::sum);
            }
        }
        return out;
    }

    /** Adds {@code after - before} into {@code acc}. */
    static void accumulate(Map<String, Long> acc, Map<String, Long> before, Map<String, Long> after) {
        after.forEach((k, v) -> acc.merge(k, v - before.getOrDefault(k, 0L), Long::sum));
    }

    /** The {@code top} families of {@code acc} by CPU, as {@code family=µs} per unit of {@code per}. */
    static String top(Map<String, Long> acc, double per, int top) {
        Map<String, Long> sorted = new LinkedHashMap<>();
        acc.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(top)
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        StringBuilder sb = new StringBuilder();
        sorted.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append('`').append(k).append("` ")
                .append(String.format(java.util.Locale.ROOT, "%.1f", v / 1000.0 / per)));
        return sb.toString();
    }

    static String family(String name) {
        if (name.startsWith("hz.")) {
            return "hazelcast";
        }
        if (name.startsWith("ForkJoinPool-")) {
            return "virtual-thread carriers";
        }
        return name.replaceAll("[0-9]+", "N");
    }
}
