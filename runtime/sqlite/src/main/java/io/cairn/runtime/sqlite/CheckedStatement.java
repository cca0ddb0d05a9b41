package io.cairn.runtime.sqlite;

/**
 * A statement that passed the policy and length checks.
 *
 * @param sql the text to prepare
 * @param uncountedWrite true when it may change the database without SQLite counting changed
 *     rows (DDL, ANALYZE, REINDEX, PRAGMA optimize): {@code total_changes} alone would miss it
 * @param returning true when it has a RETURNING clause: SQLite makes all its changes on the first
 *     step but counts them only when the statement completes, so its rows are read eagerly
 * @param schemaOnly true for CREATE, DROP and ALTER: whether they wrote shows in the schema
 *     cookie, so {@code CREATE TABLE IF NOT EXISTS} on an existing table is not a write
 */
record CheckedStatement(String sql, boolean uncountedWrite, boolean returning, boolean schemaOnly) {
}
