package io.cairn.relay.replication;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The hashed directory layout of a replica store. */
final class Stores {

    private Stores() {
    }

    /** {@code <root>/<first 2 hex>/<sha-256 hex>}: object keys never reach the filesystem as given. */
    static Path objectDir(Path root, String objectKey) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(objectKey.getBytes(StandardCharsets.UTF_8));
            String hex = HexFormat.of().formatHex(h);
            return root.resolve(hex.substring(0, 2)).resolve(hex);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
