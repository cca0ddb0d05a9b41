package io.cairn.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The dev admin token in {@code .cairn/admin-token}: kept across restarts so scripts and shell
 * history keep working, readable by its owner only.
 */
final class AdminTokenFile {

    /** The node refuses shorter tokens; checking here lets the message name the file. */
    static final int MIN_LENGTH = 16;

    private static final SecureRandom RANDOM = new SecureRandom();

    private AdminTokenFile() {
    }

    static Path path(Path workDir) {
        return workDir.resolve(".cairn").resolve("admin-token");
    }

    /** 32 random bytes, base64url without padding (43 characters, safe in headers and shells). */
    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Reads the token at {@code file}, or generates one and writes it with mode 600. */
    static String loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            Files.createDirectories(file.getParent());
            String token = generate();
            write(file, token);
            return token;
        } catch (IOException e) {
            throw new CliException("cannot read or create the admin token file " + file.toAbsolutePath() + ": " + e
                    + "; check that the directory is writable", e);
        }
    }

    private static String read(Path file) throws IOException {
        String token = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (token.length() < MIN_LENGTH) {
            throw new CliException("the admin token in " + file.toAbsolutePath() + " is "
                    + (token.isEmpty() ? "empty" : "only " + token.length() + " characters long") + "; the node needs at least "
                    + MIN_LENGTH + ": delete the file to have a new token generated");
        }
        return token;
    }

    /**
     * Writes through a temporary file created with mode 600 from the start (no window where the
     * token is world-readable), then moves it into place.
     */
    private static void write(Path file, String token) throws IOException {
        Path dir = file.getParent();
        boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, ".admin-token", ".tmp", attrs);
        try {
            Files.writeString(tmp, token + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
