package io.cairn.runtime.deploy;

import java.util.Objects;

/**
 * A JAR (or its manifest) cannot be deployed. Nothing was changed by the attempt. The admin API
 * answers 400 with {@link #code()} and {@link #getMessage()}, so messages name the problem and,
 * where it helps, the fix.
 *
 * <p>Codes: {@code too_large}, {@code not_a_jar}, {@code no_manifest}, {@code bad_manifest},
 * {@code assets_not_found}, {@code class_not_found}, {@code linkage_error},
 * {@code not_a_durable_object}, {@code no_usable_constructor}, {@code constructor_threw}; and from
 * {@link DeploymentStore#deployAs} only, {@code stale_version} (the version is not newer than the
 * store's latest and is not the same JAR again).
 */
public final class DeploymentRejectedException extends Exception {

    private final String code;

    public DeploymentRejectedException(String code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    public DeploymentRejectedException(String code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** A short machine-readable reason, e.g. {@code class_not_found}. */
    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return "DeploymentRejectedException[" + code + "]: " + getMessage();
    }
}
