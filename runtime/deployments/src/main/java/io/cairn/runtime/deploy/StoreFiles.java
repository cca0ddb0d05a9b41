package io.cairn.runtime.deploy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * File-level chores of {@link DeploymentStore}, kept apart so the store reads as its deployment
 * logic: the directory lock, the committing index write, reading a stored JAR back, and quiet
 * clean-up. Stateless; safe from any thread.
 */
final class StoreFiles {

    private static final Logger log = LoggerFactory.getLogger(StoreFiles.class);

    private StoreFiles() {
    }

    /**
     * Opens {@code lockFile} and takes an exclusive lock on it, so a second store (this process
     * or another) cannot use the same directory. The lock lives as long as the returned channel.
     *
     * @throws IllegalStateException the directory is already in use
     */
    static FileChannel lockDirectory(Path lockFile, Path dir) throws IOException {
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock fileLock;
        try {
            fileLock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            fileLock = null;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
        if (fileLock == null) {
            closeQuietly(channel);
            throw new IllegalStateException("deployment store " + dir + " is already open (by this or another process)");
        }
        return channel;
    }

    /**
     * Writes the index: the commit point of a deployment. A failure after the rename (syncing the
     * directory) still counts as committed when the file on disk already holds {@code next}.
     */
    static void writeIndex(Path indexFile, List<DeploymentIndex.Entry> next) throws IOException {
        try {
            DeploymentIndex.write(indexFile, next);
        } catch (IOException e) {
            List<DeploymentIndex.Entry> onDisk;
            try {
                onDisk = DeploymentIndex.read(indexFile);
            } catch (IOException unreadable) {
                e.addSuppressed(unreadable);
                throw e;
            }
            if (!onDisk.equals(next)) {
                throw e;
            }
            log.warn("Deployment index {} was replaced but syncing its directory failed: {}", indexFile, e.getMessage());
        }
    }

    /**
     * The bytes of a stored JAR, checked to be the ones deployed: present, same size, same
     * SHA-256.
     *
     * @throws IOException missing, unreadable or damaged
     */
    static byte[] readVerified(Path jar, Deployment d) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("its JAR file " + jar + " is missing");
        }
        byte[] bytes = Files.readAllBytes(jar);
        if (bytes.length != d.sizeBytes() || !Deployment.sha256Hex(bytes).equals(d.sha256())) {
            throw new IOException("its JAR file " + jar + " does not match the recorded size and SHA-256 (damaged on disk?)");
        }
        return bytes;
    }

    static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            log.debug("Ignoring failure to close {}: {}", c, e.toString());
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // open() deletes JARs the index does not name, so this one goes at the next start.
            log.warn("Cannot delete {} of a rejected deployment: {}", file, e.getMessage());
        }
    }
}
