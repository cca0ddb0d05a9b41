package io.cairn.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code cairn deployments}: what is deployed, one line per version. */
@Command(name = "deployments", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, description = "List deployments and their versions.")
final class DeploymentsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AdminOptions admin;

    @Override
    public Integer call() {
        JsonNode answer;
        try (AdminClient client = admin.client()) {
            answer = client.deployments();
        }
        PrintWriter out = spec.commandLine().getOut();
        if (admin.json) {
            out.println(answer.toPrettyString());
        } else if (answer.path("deployments").isEmpty()) {
            out.println("no deployments yet (deploy one with: cairn deploy FILE.jar)");
        } else {
            List<List<String>> rows = new ArrayList<>();
            rows.add(List.of("APP", "VERSION", "ID", "NAMESPACES", "DEPLOYED AT", "SHA256"));
            for (JsonNode d : answer.path("deployments")) {
                String sha = d.path("sha256").asText();
                rows.add(List.of(d.path("app").asText(), d.path("version").asText(), d.path("id").asText(),
                        Text.join(d.path("namespaces")), d.path("deployedAt").asText(),
                        sha.length() > 12 ? sha.substring(0, 12) : sha));
            }
            Text.printTable(out, rows);
        }
        out.flush();
        return 0;
    }
}
