package io.cairn.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Machine-readable output on stdout, one line per result:
 * {@code RESULT <bench> <case> key=value key=value ...} (no spaces inside values). Progress and
 * notes go to stderr, except {@code NOTE <bench> <text>} lines that run.sh copies into RESULTS.md.
 */
public final class Report {

    private Report() {
    }

    public static Fields fields() {
        return new Fields();
    }

    public static void result(String bench, String kase, Fields f) {
        StringBuilder sb = new StringBuilder("RESULT ").append(bench).append(' ').append(kase);
        f.values.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        System.out.println(sb);
        System.out.flush();
    }

    /**
     * {@code TARGET <name> value=<v> threshold=<t>}: a target of the issue, compared by run.sh on the
     * unrounded value (a median ratio of 0.4996 misses a 0.5 target even though it prints as 0.50).
     */
    public static void target(String name, double value, double threshold) {
        System.out.println("TARGET " + name + " value=" + value + " threshold=" + threshold);
        System.out.flush();
    }

    public static void note(String bench, String text) {
        System.out.println("NOTE " + bench + " " + text);
        System.out.flush();
    }

    public static void progress(String fmt, Object... args) {
        System.err.println("[bench] " + String.format(Locale.ROOT, fmt, args));
        System.err.flush();
    }

    public static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        int n = a.length;
        return n % 2 == 1 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
    }

    public static List<Double> ratios(List<Double> num, List<Double> den) {
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < Math.min(num.size(), den.size()); i++) {
            out.add(num.get(i) / den.get(i));
        }
        return out;
    }

    public static String fmt0(double v) {
        return String.format(Locale.ROOT, "%.0f", v);
    }

    public static String fmt2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    public static String fmt3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    public static String list0(List<Double> xs) {
        StringBuilder sb = new StringBuilder();
        for (double x : xs) {
            sb.append(sb.isEmpty() ? "" : "/").append(fmt0(x));
        }
        return sb.toString();
    }

    public static final class Fields {
        final Map<String, String> values = new LinkedHashMap<>();

        public Fields put(String key, Object value) {
            String s = String.valueOf(value);
            if (s.contains(" ")) {
                throw new IllegalArgumentException("value of " + key + " contains a space: " + s);
            }
            values.put(key, s);
            return this;
        }
    }
}
