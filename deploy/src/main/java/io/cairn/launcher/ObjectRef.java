package io.cairn.launcher;

import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * One object as the admin commands name it on the command line: {@code NS/NAME}, split at the
 * first '/', so a name may itself contain slashes ({@code files/a/b.txt} is the object
 * {@code a/b.txt} of namespace {@code files}).
 */
record ObjectRef(String namespace, String name) {

    private static final Pattern NAMESPACE = Pattern.compile("[a-z][a-z0-9-]{0,62}");

    /** Parses {@code NS/NAME}; a malformed argument is a usage error (exit 2) that shows the expected form. */
    static ObjectRef parse(CommandSpec spec, String arg) {
        int slash = arg.indexOf('/');
        if (slash <= 0 || slash == arg.length() - 1) {
            throw new ParameterException(spec.commandLine(),
                    "Expected NS/NAME (a namespace, '/', an object name), e.g. counter/hello; got '" + arg + "'");
        }
        String namespace = arg.substring(0, slash);
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw new ParameterException(spec.commandLine(), "Invalid namespace '" + namespace + "' in '" + arg
                    + "': a namespace is a lower-case letter, then up to 62 of a-z, 0-9 and '-'");
        }
        return new ObjectRef(namespace, arg.substring(slash + 1));
    }

    /** As typed: {@code NS/NAME}, quoted for a shell when needed, for printed commands. */
    String forShell() {
        return Text.shellQuote(namespace + "/" + name);
    }

    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
