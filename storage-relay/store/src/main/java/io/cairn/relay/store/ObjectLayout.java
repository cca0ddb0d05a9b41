package io.cairn.relay.store;

import io.cairn.api.ObjectId;
import io.cairn.relay.capture.SegmentRef;
import io.cairn.relay.capture.SnapshotRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Key naming in the bucket (see {@code docs/storage-layout.md}).
 *
 * <pre>
 * {prefix}objects/{ns}/{sha256hex(ns + "\0" + name)}/meta.json
 * {prefix}objects/{ns}/{hash}/segments/{firstTxid:016x}-{lastTxid:016x}-{firstMs:013d}-{lastMs:013d}.seg.zst
 * {prefix}objects/{ns}/{hash}/snapshots/{txid:016x}-{ms:013d}.db.zst
 * </pre>
 *
 * <p>Names are hashed because object names are arbitrary UTF-8 (slashes, dots, 512 bytes) and
 * must not shape the key space; the namespace stays readable for operators. Fixed-width,
 * zero-padded numbers make lexical key order equal to txid order, so one sorted LIST is already
 * the restore order, and every segment's range and time is known from its key alone (no GET to
 * plan a restore).
 */
public final class ObjectLayout {

    static final String OBJECTS = "objects/";
    static final String SEGMENTS = "segments/";
    static final String SNAPSHOTS = "snapshots/";
    static final String META = "meta.json";

    /** Millisecond timestamps are 13 digits until the year 2286. */
    static final long MAX_MILLIS = 9_999_999_999_999L;

    private static final Pattern SEGMENT = Pattern.compile(
            "(?:.*/)?segments/([0-9a-f]{16})-([0-9a-f]{16})-([0-9]{13})-([0-9]{13})\\.seg\\.zst");
    private static final Pattern SNAPSHOT = Pattern.compile(
            "(?:.*/)?snapshots/([0-9a-f]{16})-([0-9]{13})\\.db\\.zst");

    private final String prefix;

    /** @param prefix {@code ""} or a prefix ending with {@code /} (usually {@link S3Options#prefix()}) */
    public ObjectLayout(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.isEmpty() && (!prefix.endsWith("/") || prefix.startsWith("/"))) {
            throw new IllegalArgumentException("invalid key prefix '" + prefix + "': use \"\" or a prefix ending with '/'");
        }
        this.prefix = prefix;
    }

    /** The key prefix this layout puts before everything. */
    public String prefix() {
        return prefix;
    }

    /** Where every object lives: {@code prefix + "objects/"}. */
    public String objectsRoot() {
        return prefix + OBJECTS;
    }

    /** All objects of one namespace (for disaster-recovery tooling, never a hot path). */
    public String namespacePrefix(String namespace) {
        String problem = ObjectId.namespaceProblem(namespace);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return objectsRoot() + namespace + "/";
    }

    /** {@code prefix + "objects/" + ns + "/" + sha256hex(ns + "\0" + name) + "/"}. */
    public String objectPrefix(ObjectId id) {
        return namespacePrefix(id.namespace()) + nameHash(id) + "/";
    }

    /** The object's {@code meta.json}, written once when the object is first shipped. */
    public String metaKey(ObjectId id) {
        return objectPrefix(id) + META;
    }

    /** Prefix of all the object's segments (LIST it at restore and retention only). */
    public String segmentsPrefix(ObjectId id) {
        return objectPrefix(id) + SEGMENTS;
    }

    /** Prefix of all the object's snapshots. */
    public String snapshotsPrefix(ObjectId id) {
        return objectPrefix(id) + SNAPSHOTS;
    }

    /** The key of the segment holding commits {@code firstTxid..lastTxid}. */
    public String segmentKey(ObjectId id, long firstTxid, long lastTxid, long firstMs, long lastMs) {
        checkTxid(firstTxid, "firstTxid");
        checkTxid(lastTxid, "lastTxid");
        if (firstTxid > lastTxid) {
            throw new IllegalArgumentException("segment of " + id + ": firstTxid " + firstTxid + " > lastTxid " + lastTxid);
        }
        checkMillis(firstMs, "firstMs");
        checkMillis(lastMs, "lastMs");
        return segmentsPrefix(id)
                + String.format(Locale.ROOT, "%016x-%016x-%013d-%013d.seg.zst", firstTxid, lastTxid, firstMs, lastMs);
    }

    /** The key of the snapshot of the database as of commit {@code txid}. */
    public String snapshotKey(ObjectId id, long txid, long ms) {
        checkTxid(txid, "txid");
        checkMillis(ms, "ms");
        return snapshotsPrefix(id) + String.format(Locale.ROOT, "%016x-%013d.db.zst", txid, ms);
    }

    /** The segment named by {@code key}, or empty if the key is not a segment key. */
    public static Optional<SegmentRef> parseSegment(String key) {
        Matcher m = SEGMENT.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        long first = Long.parseUnsignedLong(m.group(1), 16);
        long last = Long.parseUnsignedLong(m.group(2), 16);
        if (first < 0 || last < 0 || first > last) {
            return Optional.empty();
        }
        return Optional.of(new SegmentRef(first, last, Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), key));
    }

    /** The snapshot named by {@code key}, or empty if the key is not a snapshot key. */
    public static Optional<SnapshotRef> parseSnapshot(String key) {
        Matcher m = SNAPSHOT.matcher(key);
        if (!m.matches()) {
            return Optional.empty();
        }
        long txid = Long.parseUnsignedLong(m.group(1), 16);
        if (txid < 0) {
            return Optional.empty();
        }
        return Optional.of(new SnapshotRef(txid, Long.parseLong(m.group(2)), key));
    }

    /** Lowercase hex SHA-256 of {@code namespace + "\0" + name} in UTF-8. */
    static String nameHash(ObjectId id) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] digest = sha.digest((id.namespace() + "\0" + id.name()).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    private static void checkTxid(long txid, String what) {
        if (txid < 0) {
            throw new IllegalArgumentException(what + " must be >= 0, was " + txid);
        }
    }

    private static void checkMillis(long ms, String what) {
        if (ms < 0 || ms > MAX_MILLIS) {
            throw new IllegalArgumentException(what + " must be a millisecond time between 0 and " + MAX_MILLIS + ", was " + ms);
        }
    }

    @Override
    public String toString() {
        return "ObjectLayout[prefix=" + prefix + "]";
    }
}
