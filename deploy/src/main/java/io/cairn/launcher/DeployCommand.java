package io.cairn.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn deploy FILE.jar}: upload a JAR of object classes. */
@Command(name = "deploy", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Deploy a JAR whose META-INF/cairn.json binds namespaces to object classes.")
final class DeployCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    AdminOptions admin;

    @Parameters(index = "0", paramLabel = "FILE.jar", description = "The JAR to deploy.")
    Path jar;

    @Override
    public Integer call() {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(jar);
        } catch (NoSuchFileException e) {
            throw new CliException("no such file: " + jar.toAbsolutePath() + " (build the app first, e.g. mvn package)");
        } catch (IOException e) {
            throw new CliException("cannot read " + jar.toAbsolutePath() + ": " + e, e);
        }
        JsonNode d;
        try (AdminClient client = admin.client()) {
            d = client.deploy(bytes);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (admin.json) {
            out.println(d.toPrettyString());
        } else {
            out.printf("deployed %s version %d (%s)%n", d.path("app").asText(), d.path("version").asLong(), d.path("id").asText());
            out.println("  namespaces: " + Text.join(d.path("namespaces")));
            out.println("  sha256:     " + d.path("sha256").asText());
        }
        out.flush();
        return 0;
    }
}
