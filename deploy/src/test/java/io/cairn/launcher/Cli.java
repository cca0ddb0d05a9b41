package io.cairn.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/** Runs the CLI in-process with captured output, as {@code main} would minus {@code System.exit}. */
final class Cli {

    record Result(int exit, String out, String err) {
    }

    private Cli() {
    }

    /** A parsed subcommand, not run: for commands that start something the test then holds and closes. */
    record Parsed<T>(T command, StringWriter out, StringWriter err) {
    }

    static <T> Parsed<T> parse(Class<T> type, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CairnCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        CommandLine.ParseResult parsed = cli.parseArgs(args);
        return new Parsed<>(type.cast(parsed.subcommand().commandSpec().userObject()), out, err);
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = CairnCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
