package io.cairn.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code cairn --version}: the project version (filtered into a resource at build time, so it is
 * right whether the CLI runs from the JAR or from target/classes) and the Java running it, since
 * which JDK the launcher picked is the usual question.
 */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {
            "cairn " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ") at "
                    + System.getProperty("java.home"),
        };
    }

    static String version() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "(unknown version: version.properties is missing from the build)";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
