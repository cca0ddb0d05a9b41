package io.cairn.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Deploys sample-app JARs over the admin API, skipping one whose bytes are already the app's
 * current deployment, so restarting {@code cairn dev} does not pile up identical versions.
 */
final class SampleAppDeployer {

    enum Result {
        /** The JAR was deployed as a new version. */
        DEPLOYED,
        /** The JAR is already the app's current deployment. */
        UNCHANGED,
        /** The app's current deployment is one of its alternate JARs, deployed by hand: left as it is. */
        KEPT,
        /** The server refused the JAR (or it could not be read); the detail says why. */
        FAILED
    }

    /**
     * @param app the app name (from the server when deployed, else from the JAR's manifest)
     * @param jar the JAR now current (or that failed)
     * @param version the app's current version after this step; 0 when it failed
     * @param detail the deployment id, or the error message when it failed
     * @param alternates other JARs of the app that were not deployed
     */
    record Outcome(String app, Path jar, Result result, long version, String detail, List<Path> alternates) {
    }

    private final AdminClient admin;

    SampleAppDeployer(AdminClient admin) {
        this.admin = admin;
    }

    List<Outcome> deployAll(List<SampleApps.AppJars> apps) {
        JsonNode current = admin.deployments().path("deployments");
        List<Outcome> outcomes = new ArrayList<>();
        for (SampleApps.AppJars app : apps) {
            outcomes.add(deploy(app, current));
        }
        return outcomes;
    }

    private Outcome deploy(SampleApps.AppJars app, JsonNode current) {
        SampleApps.SampleApp primary = app.primary();
        List<Path> alternates = app.alternates().stream().map(SampleApps.SampleApp::jar).toList();
        String label = app.app() != null ? app.app() : primary.jar().getFileName().toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(primary.jar());
        } catch (IOException e) {
            return new Outcome(label, primary.jar(), Result.FAILED, 0, "cannot read " + primary.jar() + ": " + e, alternates);
        }
        JsonNode latest = latest(current, app.app());
        if (latest != null) {
            String currentSha = latest.path("sha256").asText();
            long version = latest.path("version").asLong();
            String id = latest.path("id").asText();
            if (SampleApps.sha256(bytes).equalsIgnoreCase(currentSha)) {
                return new Outcome(label, primary.jar(), Result.UNCHANGED, version, id, alternates);
            }
            // An upgrade tried by hand (e.g. tenants-v2 over tenants) must survive a dev restart.
            for (SampleApps.SampleApp alternate : app.alternates()) {
                if (sha256(alternate.jar()).equalsIgnoreCase(currentSha)) {
                    return new Outcome(label, alternate.jar(), Result.KEPT, version, id,
                            alternatesExcept(alternates, alternate.jar(), primary.jar()));
                }
            }
        }
        try {
            JsonNode deployed = admin.deploy(bytes);
            return new Outcome(deployed.path("app").asText(label), primary.jar(), Result.DEPLOYED,
                    deployed.path("version").asLong(), deployed.path("id").asText(), alternates);
        } catch (CliException e) {
            return new Outcome(label, primary.jar(), Result.FAILED, 0, e.getMessage(), alternates);
        }
    }

    private static List<Path> alternatesExcept(List<Path> alternates, Path current, Path primary) {
        List<Path> out = new ArrayList<>();
        out.add(primary);
        alternates.stream().filter(p -> !p.equals(current)).forEach(out::add);
        return out;
    }

    private static String sha256(Path jar) {
        try {
            return SampleApps.sha256(Files.readAllBytes(jar));
        } catch (IOException e) {
            return "";
        }
    }

    /** The app's deployment with the highest version: the one serving its namespaces now. */
    private static JsonNode latest(JsonNode deployments, String app) {
        if (app == null) {
            return null;
        }
        JsonNode best = null;
        for (JsonNode d : deployments) {
            if (app.equals(d.path("app").asText()) && (best == null || d.path("version").asLong() > best.path("version").asLong())) {
                best = d;
            }
        }
        return best;
    }
}
