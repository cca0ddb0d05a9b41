package io.cairn.launcher;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Port validation named by the flag the user typed (the node's own message names its field). */
final class Ports {

    private Ports() {
    }

    static void check(CommandSpec spec, String flag, int port) {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), flag + " must be 0..65535 (0 picks a free port), got " + port);
        }
    }
}
