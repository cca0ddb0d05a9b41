package io.cairn.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cairn export NS/NAME -o FILE}: one object's database as a SQLite file. The file is
 * received into a temporary file beside FILE and renamed over it only when complete and checked,
 * so an interrupted export never leaves a partial FILE.
 */
@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Download one object's database as a consistent SQLite file (open it with sqlite3).",
            "FILE appears only once complete, readable by you only; '-o -' writes to standard output.",
        })
final class ExportCommand implements Callable<Integer> {

    /** The first 16 bytes of every SQLite 3 database file. */
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    @Spec
    CommandSpec spec;

    @Mixin
    AdminOptions admin;

    @Parameters(index = "0", paramLabel = "NS/NAME", description = "The object, e.g. counter/hello.")
    String object;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "Where to write the database (replaced if it exists); '-' for standard output.")
    String output;

    /** Where {@code -o -} writes; a field so tests can capture the bytes. */
    OutputStream stdout = System.out;

    @Override
    public Integer call() throws IOException {
        ObjectRef ref = ObjectRef.parse(spec, object);
        Path file = "-".equals(output) ? null : target(output);
        PrintWriter err = spec.commandLine().getErr();
        long bytes;
        try (AdminClient client = admin.client();
             AdminClient.Download download = client.export(ref);
             StatusLine line = StatusLine.forStderr(err)) {
            ByteProgress progress = new ByteProgress(line, "exporting " + ref, download.length());
            bytes = file == null ? toStdout(ref, download, progress) : toFile(ref, download, progress, file);
        }
        String what = "exported " + ref + " (" + Text.bytes(bytes) + (bytes < 1024 ? "" : ", " + bytes + " bytes") + ")";
        if (file == null) {
            // stdout carries the database: the summary goes to stderr.
            err.println(what + " to standard output");
            err.flush();
        } else {
            PrintWriter out = spec.commandLine().getOut();
            out.println(admin.json
                    ? AdminClient.JSON.createObjectNode().put("object", ref.toString()).put("file", file.toString()).put("bytes", bytes).toPrettyString()
                    : what + " to " + file);
            out.flush();
        }
        return 0;
    }

    /** FILE as an absolute path whose directory exists. */
    private Path target(String name) {
        Path file = Path.of(name).toAbsolutePath().normalize();
        if (Files.isDirectory(file)) {
            throw new ParameterException(spec.commandLine(), "-o " + name + " is a directory; give a file name, e.g. -o "
                    + Path.of(name).resolve("export.sqlite"));
        }
        if (!Files.isDirectory(file.getParent())) {
            throw new CliException("cannot write " + file + ": the directory " + file.getParent() + " does not exist; create it first");
        }
        return file;
    }

    private long toStdout(ObjectRef ref, AdminClient.Download download, ByteProgress progress) {
        try {
            long n = copy(ref, download, stdout, progress);
            stdout.flush();
            // System.out is a PrintStream, which never throws: ask it whether the writes failed.
            if (stdout instanceof PrintStream print && print.checkError()) {
                throw new IOException("the output was closed early (a pipe to a command that stopped reading?)");
            }
            return n;
        } catch (IOException e) {
            throw new CliException("writing the export of " + ref + " to standard output failed: " + e.getMessage(), e);
        }
    }

    private long toFile(ObjectRef ref, AdminClient.Download download, ByteProgress progress, Path file) throws IOException {
        Path tmp;
        try {
            tmp = Files.createTempFile(file.getParent(), "." + file.getFileName() + ".", ".part");
        } catch (IOException e) {
            throw new CliException("cannot create a file in " + file.getParent() + ": " + e + "; check that it is writable", e);
        }
        try {
            long n;
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                 OutputStream sink = Channels.newOutputStream(channel)) {
                n = copy(ref, download, sink, progress);
                sink.flush();
                channel.force(true);
            }
            checkSqlite(ref, tmp, n, file);
            move(tmp, file);
            return n;
        } catch (IOException e) {
            throw new CliException("the export of " + ref + " failed: " + e.getMessage() + "; " + file + " was not written", e);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Copies the whole body, checking its length against Content-Length when there was one. */
    private static long copy(ObjectRef ref, AdminClient.Download download, OutputStream sink, ByteProgress progress)
            throws IOException {
        InputStream in = download.body();
        byte[] buffer = new byte[64 * 1024];
        long n = 0;
        progress.update(0);
        for (int r; (r = in.read(buffer)) >= 0; ) {
            sink.write(buffer, 0, r);
            n += r;
            progress.update(n);
        }
        if (download.length().isPresent() && download.length().getAsLong() != n) {
            throw new IOException("the node announced " + download.length().getAsLong() + " bytes but sent " + n
                    + " (the connection was cut?); try again");
        }
        return n;
    }

    private static void checkSqlite(ObjectRef ref, Path received, long n, Path file) throws IOException {
        byte[] head = new byte[SQLITE_HEADER.length];
        int read;
        try (InputStream in = Files.newInputStream(received)) {
            read = in.readNBytes(head, 0, head.length);
        }
        if (read < head.length || !Arrays.equals(head, SQLITE_HEADER)) {
            throw new CliException("the node's answer for " + ref + " (" + n + " bytes) is not a SQLite database;"
                    + " is CAIRN_URL (or --url) a Cairn node? " + file + " was not written");
        }
    }

    private static void move(Path tmp, Path file) throws IOException {
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (NoSuchFileException e) {
            throw new IOException("the directory " + file.getParent() + " went away", e);
        }
    }
}
