package io.cairn.launcher;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The {@code cairn} command line. Started by {@code deploy/bin/cairn}, which picks the JDK,
 * builds when needed, passes the repository root as {@code -Dcairn.home} and handles
 * {@code cairn test} and {@code cairn build} itself.
 *
 * <p>Exit codes: 0 success, 1 a failure (message on stderr), 2 a usage error.
 */
@Command(
        name = "cairn",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Cairn: named single-threaded objects, each with its own SQLite database, over HTTP.",
        subcommands = {
            DevCommand.class,
            NodeCommand.class,
            LocalClusterCommand.class,
            S3DevCommand.class,
            DeployCommand.class,
            ObjectsCommand.class,
            DeploymentsCommand.class,
            BookmarkCommand.class,
            RestoreCommand.class,
            ExportCommand.class,
        },
        footer = {
            "",
            "Handled by deploy/bin/cairn itself:",
            "  test [MAVEN ARGS...]   build and run the tests: mvn -B verify (e.g. -Psoak)",
            "  build [MAVEN ARGS...]  build without tests: mvn -B -DskipTests install",
        })
public final class CairnCli implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call this and redirect its out and err writers. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CairnCli());
        cli.setExecutionExceptionHandler(CairnCli::handle);
        return cli;
    }

    @Override
    public void run() {
        // `cairn` alone: a usage error rather than silent success, so scripts notice.
        throw new ParameterException(spec.commandLine(), "Missing command: give one of dev, node, local-cluster, s3-dev, deploy, objects, deployments, bookmark, restore, export");
    }

    /** User-facing failures become one line on stderr; anything else keeps its stack trace. */
    private static int handle(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof CliException) {
            err.println("cairn: " + e.getMessage());
        } else {
            err.println("cairn: unexpected error: " + e);
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }
}
