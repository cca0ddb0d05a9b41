package io.cairn.launcher;

import io.cairn.relay.store.S3Options;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code cairn node}'s object storage flags. All four or none: with them the node ships every
 * object's history to the bucket (point-in-time restore, export, disaster recovery); without them
 * it runs on local disk only.
 */
final class S3Flags {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--s3-endpoint", paramLabel = "URL", defaultValue = "${env:CAIRN_S3_ENDPOINT}",
            description = "S3-compatible endpoint, e.g. http://127.0.0.1:9000 or https://s3.eu-west-1.amazonaws.com"
                    + " (env CAIRN_S3_ENDPOINT). Without it: no object storage.")
    String endpoint;

    @Option(names = "--s3-bucket", paramLabel = "BUCKET", defaultValue = "${env:CAIRN_S3_BUCKET}",
            description = "Bucket for every object's history; created if missing (env CAIRN_S3_BUCKET).")
    String bucket;

    @Option(names = "--s3-access-key", paramLabel = "KEY", defaultValue = "${env:CAIRN_S3_ACCESS_KEY}",
            description = "Access key (env CAIRN_S3_ACCESS_KEY).")
    String accessKey;

    @Option(names = "--s3-secret-key", paramLabel = "SECRET", defaultValue = "${env:CAIRN_S3_SECRET_KEY}",
            description = "Secret key (env CAIRN_S3_SECRET_KEY; prefer the variable: flags show in ps).")
    String secretKey;

    /**
     * The object storage settings, or empty when none of the four is given.
     *
     * @throws ParameterException (exit 2) when only some are given, naming the missing ones, or
     *     when a value is invalid
     */
    Optional<S3Options> resolve() {
        List<String> missing = new ArrayList<>();
        int given = 0;
        given += check(endpoint, "--s3-endpoint (CAIRN_S3_ENDPOINT)", missing);
        given += check(bucket, "--s3-bucket (CAIRN_S3_BUCKET)", missing);
        given += check(accessKey, "--s3-access-key (CAIRN_S3_ACCESS_KEY)", missing);
        given += check(secretKey, "--s3-secret-key (CAIRN_S3_SECRET_KEY)", missing);
        if (given == 0) {
            return Optional.empty();
        }
        if (!missing.isEmpty()) {
            throw new ParameterException(mixee.commandLine(), "Object storage needs all four S3 settings; missing: "
                    + String.join(", ", missing) + ". Give them all, or none to run without object storage");
        }
        try {
            return Optional.of(S3Options.of(endpoint.strip(), bucket.strip(), accessKey.strip(), secretKey.strip()));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), "Invalid object storage settings: " + e.getMessage());
        }
    }

    private static int check(String value, String name, List<String> missing) {
        if (value == null || value.isBlank()) {
            missing.add(name);
            return 0;
        }
        return 1;
    }
}
