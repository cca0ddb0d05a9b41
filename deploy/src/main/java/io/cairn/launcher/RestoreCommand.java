package io.cairn.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn restore NS/NAME --at TIME | --bookmark B}: point-in-time restore of one object. */
@Command(name = "restore", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Restore one object to an earlier state, named by a time or a bookmark.",
            "The restore is itself a new state: the printed undo bookmark brings back the state before it.",
        })
final class RestoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AdminOptions admin;

    @Parameters(index = "0", paramLabel = "NS/NAME", description = "The object, e.g. counter/hello.")
    String object;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Target target;

    /** Exactly one of the two: picocli reports none or both as a usage error. */
    static final class Target {
        @Option(names = "--at", paramLabel = "TIME", required = true,
                description = "The state at this RFC 3339 time, e.g. 2026-11-27T10:00:00Z.")
        String at;

        @Option(names = "--bookmark", paramLabel = "B", required = true,
                description = "The state this bookmark names (from Cairn-Bookmark headers, 'cairn bookmark' or an earlier restore).")
        String bookmark;
    }

    @Override
    public Integer call() {
        ObjectRef ref = ObjectRef.parse(spec, object);
        String field = target.at != null ? "at" : "bookmark";
        String value = target.at != null ? Rfc3339.check(spec, "--at", target.at) : target.bookmark;
        JsonNode answer;
        try (AdminClient client = admin.client()) {
            answer = Spinner.around(StatusLine.forStderr(spec.commandLine().getErr()), "restoring " + ref,
                    () -> client.restore(ref, field, value));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (admin.json) {
            out.println(answer.toPrettyString());
        } else {
            String undo = answer.path("undo").asText();
            out.println("restored " + ref);
            out.println("  restoredTo: " + answer.path("restoredTo").asText() + "  (the state it has again)");
            out.println("  undo:       " + undo + "  (the state just before this restore)");
            out.println("  bookmark:   " + answer.path("bookmark").asText() + "  (the new current state)");
            out.println("undo with: cairn restore " + ref.forShell() + " --bookmark " + Text.shellQuote(undo));
        }
        out.flush();
        return 0;
    }
}
