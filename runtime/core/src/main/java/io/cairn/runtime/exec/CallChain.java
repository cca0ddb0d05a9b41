package io.cairn.runtime.exec;

import io.cairn.api.ObjectId;
import java.util.ArrayList;
import java.util.List;

/**
 * The objects waiting, outermost first, on the call that produced an event. An object found in
 * its own chain would wait on itself, so such calls are refused (see {@link io.cairn.api.ObjectStub}).
 */
public record CallChain(List<ObjectId> waiting) {

    private static final CallChain ROOT = new CallChain(List.of());

    public CallChain {
        waiting = List.copyOf(waiting);
    }

    public static CallChain root() {
        return ROOT;
    }

    public CallChain then(ObjectId caller) {
        List<ObjectId> next = new ArrayList<>(waiting);
        next.add(caller);
        return new CallChain(next);
    }

    public boolean contains(ObjectId id) {
        return waiting.contains(id);
    }

    /** Reads {@link #encode()}'s form; anything malformed is the root chain (the header only ever refuses calls). */
    public static CallChain decode(String header) {
        if (header == null || header.isBlank()) {
            return ROOT;
        }
        List<ObjectId> ids = new ArrayList<>();
        try {
            for (String part : header.split(",")) {
                String s = java.net.URLDecoder.decode(part.trim(), java.nio.charset.StandardCharsets.UTF_8);
                int slash = s.indexOf('/');
                if (slash <= 0) {
                    return ROOT;
                }
                ids.add(new ObjectId(s.substring(0, slash), s.substring(slash + 1)));
            }
        } catch (RuntimeException e) {
            return ROOT;
        }
        return new CallChain(ids);
    }

    /** Header form for calls that cross nodes: ids joined by ',' with each part percent-encoded. */
    public String encode() {
        StringBuilder sb = new StringBuilder();
        for (ObjectId id : waiting) {
            if (!sb.isEmpty()) {
                sb.append(',');
            }
            sb.append(java.net.URLEncoder.encode(id.namespace() + "/" + id.name(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return sb.toString();
    }
}
