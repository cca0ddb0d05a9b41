package io.cairn.api;

/**
 * SQL over the object's SQLite database.
 *
 * <p>{@code exec} runs synchronously. A query may hold several statements separated by
 * {@code ;}: all run in order; the bindings and the returned cursor belong to the last one.
 *
 * <p>Refused with {@link SqlException}: {@code BEGIN}/{@code COMMIT}/{@code ROLLBACK}/
 * {@code SAVEPOINT}/{@code RELEASE} (use {@link Storage#transactionSync}), {@code ATTACH}/
 * {@code DETACH}, TEMP tables, views and triggers, virtual tables other than {@code fts5} and
 * {@code rtree}, any identifier with the reserved prefix {@code _cairn_}, and PRAGMAs outside the
 * allowlist. Limits: statement ≤ 100 KB, ≤ 100 bound parameters, row/string/BLOB ≤ 2 MB,
 * ≤ 100 columns per table, LIKE pattern ≤ 50 bytes, database ≤ 10 GB.
 *
 * <p>Bindings may be null, {@link String}, {@link Long}, {@link Integer}, {@link Short},
 * {@link Byte}, {@link Double}, {@link Float}, {@link Boolean} (stored as 0/1) or {@code byte[]}.
 */
public interface SqlStorage {

    SqlCursor exec(String query, Object... bindings);

    /** Size of the database in bytes. */
    long databaseSize();
}
