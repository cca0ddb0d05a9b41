package io.cairn.runtime.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The assets directory of one deployment's JAR, read straight from the stored zip (assets never
 * reach the filesystem, so no path can escape the store). Kept open while the deployment is its
 * app's latest; reading after {@link #close()} throws {@link IllegalStateException}, which the
 * store treats as "superseded meanwhile, look again".
 */
final class AssetSource implements AutoCloseable {

    /** An index page for directory paths, as web servers do, so {@code /apps/rooms/} works. */
    static final String INDEX = "index.html";
    /** A JAR entry can inflate far beyond the upload size; a cap keeps one request from exhausting memory. */
    static final int MAX_ASSET_BYTES = 256 << 20;

    private final ZipFile zip;
    private final String prefix;

    private AssetSource(ZipFile zip, String dir) {
        this.zip = zip;
        this.prefix = dir + "/";
    }

    static AssetSource open(Path jar, String dir) throws IOException {
        return new AssetSource(new ZipFile(jar.toFile()), dir);
    }

    /**
     * The bytes of the asset at {@code path} (relative to the assets directory), or empty when
     * the path is refused or names no file.
     */
    Optional<byte[]> read(String path) throws IOException {
        Optional<String> relative = normalize(path);
        if (relative.isEmpty()) {
            return Optional.empty();
        }
        ZipEntry entry = zip.getEntry(prefix + relative.get());
        if (entry == null || entry.isDirectory()) {
            return Optional.empty();
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes(MAX_ASSET_BYTES + 1);
            if (bytes.length > MAX_ASSET_BYTES) {
                throw new IOException("asset " + entry.getName() + " is larger than " + MAX_ASSET_BYTES + " bytes");
            }
            return Optional.of(bytes);
        }
    }

    /**
     * The checked relative path: "" and paths ending in '/' get {@value #INDEX}; absolute paths,
     * backslashes, control characters and empty, "." or ".." segments are refused. Zip lookups
     * cannot escape the JAR anyway; refusing keeps one spelling per file and no surprises if
     * assets are ever served from disk.
     */
    static Optional<String> normalize(String path) {
        if (path == null || path.startsWith("/") || path.indexOf('\\') >= 0
                || path.chars().anyMatch(Character::isISOControl)) {
            return Optional.empty();
        }
        String p = path.isEmpty() || path.endsWith("/") ? path + INDEX : path;
        for (String segment : p.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return Optional.empty();
            }
        }
        return Optional.of(p);
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
