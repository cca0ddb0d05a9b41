/**
 * Internal: an object's own SQLite database behind the user-facing {@link io.cairn.api.Storage} API.
 *
 * <p>{@link io.cairn.runtime.sqlite.ObjectDatabase} keeps one JDBC connection per object open for
 * the object's whole life (closing the last connection would checkpoint and delete the WAL the
 * runtime ships). Every event runs in one SQLite transaction opened by
 * {@link io.cairn.runtime.sqlite.ObjectDatabase#beginEvent()}; user SQL is split, checked against
 * the platform policy and limits, and executed inside it.
 *
 * <p>Nothing here is thread-safe: the runtime delivers one event at a time per object and calls
 * this package from that event's thread only.
 */
package io.cairn.runtime.sqlite;
