/**
 * The HTTP front (Vert.x): the data plane ({@code /objects/...}, including WebSocket upgrades),
 * the admin plane ({@code /admin/v1/...}, bearer token), health, metrics and app assets. It
 * parses and validates, then hands requests to an {@link io.cairn.runtime.exec.ObjectDispatcher};
 * it never runs object code on an event loop.
 */
package io.cairn.runtime.http;
