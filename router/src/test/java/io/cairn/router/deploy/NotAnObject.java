package io.cairn.router.deploy;

/** Packed into a deployment JAR that must be rejected: it does not implement DurableObject. */
public final class NotAnObject {
}
