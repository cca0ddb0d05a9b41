package io.cairn.router.deploy;

import io.cairn.runtime.deploy.Deployment;

import java.io.Serial;
import java.io.Serializable;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of the cluster's deployment log: everything another node needs to store the same
 * deployment under the same version and id. Immutable by convention: {@link #jar()} returns the
 * array itself (copying multi-megabyte JARs on every read would be waste), and nobody may modify it.
 *
 * <p>Stored in Hazelcast with Java serialization (a record is deserialized through its canonical
 * constructor, so the checks below also run on received data). Its size is the JAR's plus a
 * few dozen bytes, so the log accepts what the nodes accept: JARs up to the node's
 * {@code maxDeploymentBytes} (64 MiB by default).
 *
 * @param version          the cluster-wide version (1, 2, 3, ...)
 * @param deployedAtMillis when the deploying node accepted it, epoch milliseconds
 * @param sha256           lower-case hex SHA-256 of {@code jar}, as in {@link Deployment#sha256()}
 * @param jar              the JAR bytes
 */
public record DeploymentRecord(long version, long deployedAtMillis, String sha256, byte[] jar) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public DeploymentRecord {
        if (version < 1) {
            throw new IllegalArgumentException("version starts at 1, got " + version);
        }
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(jar, "jar");
    }

    /** The record of a committed deployment {@code d} whose stored JAR is {@code jar}. */
    public static DeploymentRecord of(Deployment d, byte[] jar) {
        return new DeploymentRecord(d.version(), d.deployedAt().toEpochMilli(), d.sha256(), jar);
    }

    public Instant deployedAt() {
        return Instant.ofEpochMilli(deployedAtMillis);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeploymentRecord r && r.version == version && r.deployedAtMillis == deployedAtMillis
                && r.sha256.equals(sha256) && Arrays.equals(r.jar, jar);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, deployedAtMillis, sha256);
    }

    /** Without the bytes: records end up in log messages. */
    @Override
    public String toString() {
        return "DeploymentRecord[version=" + version + ", deployedAt=" + deployedAt() + ", sha256=" + sha256
                + ", " + jar.length + " bytes]";
    }
}
