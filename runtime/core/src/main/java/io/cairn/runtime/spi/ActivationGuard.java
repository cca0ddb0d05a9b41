package io.cairn.runtime.spi;

import io.cairn.api.ObjectId;

/**
 * Decides whether this node may bring an object to life. Called on the object's own thread
 * before its database is opened (and before {@link ObjectStorageHooks#beforeOpen}); it may block
 * (ask another node to hand the object over, wait for that) but holds up only this object.
 *
 * <p>Throw {@link ObjectMovedException} when another node owns the object: the event fails with
 * 503 and nothing is opened. Throw {@link StorageUnavailableException} when ownership cannot be
 * decided now.
 */
@FunctionalInterface
public interface ActivationGuard {

    ActivationGuard ALLOW = id -> { };

    void beforeActivate(ObjectId id);
}
