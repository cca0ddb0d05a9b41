package io.cairn.bench;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --key value} or {@code --key=value} options after the benchmark name. */
public final class Args {

    private final Map<String, String> values = new HashMap<>();

    public Args(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + a + "'; options look like --name value");
            }
            int eq = a.indexOf('=');
            if (eq > 0) {
                values.put(a.substring(2, eq), a.substring(eq + 1));
            } else if (i + 1 < args.size()) {
                values.put(a.substring(2), args.get(++i));
            } else {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
        }
    }

    public long getLong(String key, long def) {
        String v = values.remove(key);
        return v == null ? def : Long.parseLong(v.replace("_", ""));
    }

    public int getInt(String key, int def) {
        return (int) getLong(key, def);
    }

    public String get(String key, String def) {
        String v = values.remove(key);
        return v == null ? def : v;
    }

    /** Fails on options nobody asked for (typos). */
    public void requireConsumed() {
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): " + values.keySet());
        }
    }
}
