package io.cairn.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn objects NS}: names of the objects in a namespace, one per line, one page at a time. */
@Command(name = "objects", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "List the object names in a namespace (one page; the next page's --after is printed to stderr).")
final class ObjectsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AdminOptions admin;

    @Parameters(index = "0", paramLabel = "NS", description = "The namespace, e.g. counter.")
    String namespace;

    @Option(names = "--prefix", paramLabel = "P", description = "Only names starting with P.")
    String prefix;

    @Option(names = "--limit", paramLabel = "N", description = "At most N names (the server caps it).")
    Integer limit;

    @Option(names = "--after", paramLabel = "NAME", description = "Start after this name (from a previous page).")
    String after;

    @Override
    public Integer call() {
        if (limit != null && limit < 1) {
            throw new ParameterException(spec.commandLine(), "--limit must be 1 or more, got " + limit);
        }
        JsonNode page;
        try (AdminClient client = admin.client()) {
            page = client.objects(namespace, prefix, limit, after);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (admin.json) {
            out.println(page.toPrettyString());
        } else {
            for (JsonNode name : page.path("objects")) {
                out.println(name.asText());
            }
            JsonNode next = page.path("next");
            if (next.isTextual() && !next.asText().isEmpty()) {
                // stderr, so `cairn objects ns > names.txt` keeps only names.
                PrintWriter err = spec.commandLine().getErr();
                err.println("more: cairn objects " + namespace + " --after " + Text.shellQuote(next.asText()));
                err.flush();
            }
        }
        out.flush();
        return 0;
    }
}
