package io.cairn.runtime.http;

/** How this node names itself in admin views: a stable id and the address clients reach it at. */
public record NodeIdentity(String id, String address) {
}
