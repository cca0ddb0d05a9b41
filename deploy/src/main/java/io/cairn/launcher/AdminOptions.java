package io.cairn.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where the admin commands connect and how they print: shared by deploy, objects, deployments, bookmark, restore and export. */
final class AdminOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:CAIRN_URL:-http://127.0.0.1:8787}",
            description = "Node to talk to (env CAIRN_URL; default ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:CAIRN_TOKEN}",
            description = "Admin token (env CAIRN_TOKEN; else read from .cairn/admin-token here, if present).")
    String token;

    @Option(names = "--json", description = "Print the server's JSON answer as is.")
    boolean json;

    AdminClient client() {
        return new AdminClient(baseUri(), resolveToken(Path.of("")));
    }

    URI baseUri() {
        try {
            URI uri = new URI(url.strip());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(url, "not an http:// or https:// URL with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ParameterException(mixee.commandLine(),
                    "Invalid node URL '" + url + "' (from --url or CAIRN_URL): use e.g. http://127.0.0.1:8787");
        }
    }

    /** --token/CAIRN_TOKEN, else the dev token in {@code workDir/.cairn/admin-token}, else none. */
    String resolveToken(Path workDir) {
        if (token != null && !token.isBlank()) {
            return token.strip();
        }
        Path file = AdminTokenFile.path(workDir);
        if (Files.isRegularFile(file)) {
            try {
                String t = Files.readString(file, StandardCharsets.UTF_8).strip();
                return t.isEmpty() ? null : t;
            } catch (IOException e) {
                throw new CliException("cannot read the admin token from " + file.toAbsolutePath() + ": " + e.getMessage()
                        + "; set CAIRN_TOKEN instead", e);
            }
        }
        return null;
    }
}
