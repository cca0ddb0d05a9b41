package io.cairn.runtime.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** How this node names itself in admin views: a stable id and the address clients reach it at. */
public record NodeIdentity(String id, String address) {

    /**
     * The node's id, kept in {@code <data>/node/node-id} so a restarted node is recognisably the
     * same one (a cluster gives it back its objects). Created on first use.
     */
    public static synchronized String stableId(Path dataDir) {
        try {
            Path f = Files.createDirectories(dataDir.resolve("node")).resolve("node-id");
            if (Files.exists(f)) {
                return Files.readString(f).trim();
            }
            String id = "node-" + UUID.randomUUID().toString().substring(0, 8);
            Files.writeString(f, id);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the node id under " + dataDir + ": " + e.getMessage(), e);
        }
    }
}
