package io.cairn.router.dispatch;

import io.cairn.api.ObjectId;
import java.nio.charset.StandardCharsets;

/** Builds data-plane URIs for calls sent to another node: every name byte outside the unreserved set is percent-encoded. */
public final class ObjectUris {

    private ObjectUris() {
    }

    public static String objectPath(ObjectId id, String rest, String rawQuery) {
        StringBuilder sb = new StringBuilder("/objects/").append(encode(id.namespace())).append('/').append(encode(id.name()));
        if (!rest.isEmpty()) {
            for (String segment : rest.substring(1).split("/", -1)) {
                sb.append('/').append(encode(segment));
            }
        }
        if (rawQuery != null && !rawQuery.isEmpty()) {
            sb.append('?').append(rawQuery);
        }
        return sb.toString();
    }

    static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
