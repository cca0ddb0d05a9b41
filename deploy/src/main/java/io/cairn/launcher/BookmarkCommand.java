package io.cairn.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn bookmark NS/NAME --at TIME}: the bookmark of an object's state at a moment. */
@Command(name = "bookmark", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "Print the bookmark of one object's state at a time (the last write at or before it).",
            "Keep it to restore exactly that state later: cairn restore NS/NAME --bookmark B.",
        })
final class BookmarkCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AdminOptions admin;

    @Parameters(index = "0", paramLabel = "NS/NAME", description = "The object, e.g. counter/hello.")
    String object;

    @Option(names = "--at", paramLabel = "TIME", required = true,
            description = "An RFC 3339 time, e.g. 2026-11-27T10:00:00Z.")
    String at;

    @Override
    public Integer call() {
        ObjectRef ref = ObjectRef.parse(spec, object);
        String time = Rfc3339.check(spec, "--at", at);
        JsonNode answer;
        try (AdminClient client = admin.client()) {
            answer = client.bookmark(ref, time);
        }
        PrintWriter out = spec.commandLine().getOut();
        // The bare bookmark, so B=$(cairn bookmark ...) works; --json has the time too.
        out.println(admin.json ? answer.toPrettyString() : answer.path("bookmark").asText());
        out.flush();
        return 0;
    }
}
