package io.cairn.runtime.deploy;

/**
 * Supplied by the runtime to {@link DeploymentStore#deploy}: dry-runs the constructor of a
 * namespace's class (typically {@link LoadedNamespace#instantiate} against a scratch context
 * with a throw-away database), so a constructor that always throws is rejected at deploy time
 * instead of failing every request. Anything it throws rejects the deployment with
 * {@code constructor_threw} (or {@code class_not_found} for a missing class), quoting the
 * exception's message.
 */
@FunctionalInterface
public interface ConstructorCheck {

    /** Accepts nothing: no constructor is run. For tools and tests that only validate classes. */
    ConstructorCheck NONE = ns -> {
    };

    void check(LoadedNamespace ns) throws Exception;
}
