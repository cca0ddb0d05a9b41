/**
 * The node catalog: a small SQLite database beside the object databases that indexes what would
 * otherwise need a scan of every object file — which objects exist (for listing, since file names
 * are hashes) and which have alarms (so alarms fire after a restart without opening every object).
 * Each object's own database stays the source of truth; the catalog may hold extra entries, never
 * fewer.
 */
package io.cairn.runtime.catalog;
