package io.cairn.launcher;

import java.nio.file.Path;

/** The repository the CLI runs from: {@code deploy/bin/cairn} passes it as {@code -Dcairn.home}. */
final class CairnHome {

    static final String PROPERTY = "cairn.home";

    private CairnHome() {
    }

    /** The repository root, or null when the CLI was started some other way (an IDE, a test). */
    static Path get() {
        String home = System.getProperty(PROPERTY);
        return home == null || home.isBlank() ? null : Path.of(home);
    }
}
