package io.cairn.api;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The identity of one object: a namespace (bound to a class by a deployment) and a name.
 *
 * @param namespace {@code [a-z][a-z0-9-]{0,62}}
 * @param name any UTF-8 string of 1..512 bytes without control characters and without a
 *     {@code .} or {@code ..} segment between slashes (names never reach the filesystem, but
 *     path-traversal-looking names are refused so they cannot confuse tools or logs)
 */
public record ObjectId(String namespace, String name) implements Comparable<ObjectId> {

    public static final int MAX_NAME_BYTES = 512;

    public ObjectId {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        String problem = namespaceProblem(namespace);
        if (problem == null) {
            problem = nameProblem(name);
        }
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Returns why {@code namespace} is not valid, or null when it is. */
    public static String namespaceProblem(String namespace) {
        if (namespace == null || !isNamespace(namespace)) {
            return "invalid namespace '" + printable(namespace)
                    + "': use 1 to 63 characters of a-z, 0-9 and '-', starting with a letter";
        }
        return null;
    }

    /** {@code [a-z][a-z0-9-]{0,62}} without a regex: it runs for every request. */
    private static boolean isNamespace(String s) {
        int n = s.length();
        if (n == 0 || n > 63 || s.charAt(0) < 'a' || s.charAt(0) > 'z') {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
                return false;
            }
        }
        return true;
    }

    /** Returns why {@code name} is not a valid object name, or null when it is. */
    public static String nameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "object name is empty: use 1 to 512 bytes of UTF-8";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c)) {
                return "object name contains control character U+" + String.format("%04X", (int) c)
                        + " at index " + i + ": names may not contain control characters";
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < name.length()
                        && Character.isLowSurrogate(name.charAt(i + 1));
                if (!paired) {
                    return "object name is not valid UTF-8 (unpaired surrogate at index " + i + ")";
                }
                i++;
            }
        }
        for (String segment : name.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return "object name '" + printable(name) + "' contains a '.' or '..' path segment: such names are refused";
            }
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            return "object name is " + bytes + " bytes long: the limit is " + MAX_NAME_BYTES + " bytes of UTF-8";
        }
        return null;
    }

    private static String printable(String s) {
        if (s == null) {
            return "null";
        }
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }

    @Override
    public int compareTo(ObjectId o) {
        int c = namespace.compareTo(o.namespace);
        return c != 0 ? c : name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
