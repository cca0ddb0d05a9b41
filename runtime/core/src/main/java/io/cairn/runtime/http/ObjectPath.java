package io.cairn.runtime.http;

import io.cairn.api.ObjectId;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A data-plane path {@code /objects/{ns}/{name}[/{rest...}]} split on the raw (still encoded)
 * path, so a name may contain an encoded {@code /} ({@code %2F}) and still be one segment.
 *
 * @param id the object
 * @param rest the decoded path after the name: {@code ""} or starting with {@code /}
 */
public record ObjectPath(ObjectId id, String rest) {

    /** A path that cannot name an object; the message says what was wrong. */
    public static final class BadPath extends Exception {
        public BadPath(String message) {
            super(message, null, false, false);
        }
    }

    /** Parses {@code rawPath} (no query) that starts with {@code prefix}, e.g. {@code /objects/}. */
    public static ObjectPath parse(String rawPath, String prefix) throws BadPath {
        if (!rawPath.startsWith(prefix)) {
            throw new BadPath("path must start with " + prefix);
        }
        String tail = rawPath.substring(prefix.length());
        int slash = tail.indexOf('/');
        if (slash < 0) {
            throw new BadPath("path must be " + prefix + "{namespace}/{name}[/...]; the object name is missing");
        }
        String ns = decode(tail.substring(0, slash), "namespace");
        String problem = ObjectId.namespaceProblem(ns);
        if (problem != null) {
            throw new BadPath(problem);
        }
        String afterNs = tail.substring(slash + 1);
        int slash2 = afterNs.indexOf('/');
        String rawName = slash2 < 0 ? afterNs : afterNs.substring(0, slash2);
        String name = decode(rawName, "object name");
        problem = ObjectId.nameProblem(name);
        if (problem != null) {
            throw new BadPath(problem);
        }
        String rest = slash2 < 0 ? "" : decodeRest(afterNs.substring(slash2));
        return new ObjectPath(new ObjectId(ns, name), rest);
    }

    private static String decodeRest(String rawRest) throws BadPath {
        for (String seg : rawRest.split("/", -1)) {
            if (seg.equals("..") || seg.equals(".")) {
                throw new BadPath("path contains a '.' or '..' segment; send the path without dot segments");
            }
        }
        return decode(rawRest, "path");
    }

    /** Strict percent-decoding: malformed escapes and invalid UTF-8 are errors, '+' stays '+'. */
    static String decode(String raw, String what) throws BadPath {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (i + 2 >= raw.length()) {
                throw new BadPath(what + " has a truncated percent-escape at index " + i);
            }
            int hi = Character.digit(raw.charAt(i + 1), 16);
            int lo = Character.digit(raw.charAt(i + 2), 16);
            if (hi < 0 || lo < 0) {
                throw new BadPath(what + " has an invalid percent-escape '" + raw.substring(i, i + 3) + "'");
            }
            bytes.write(hi * 16 + lo);
            i += 2;
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new BadPath(what + " is not valid UTF-8 after percent-decoding");
        }
    }
}
