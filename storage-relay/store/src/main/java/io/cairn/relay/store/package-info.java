/**
 * Object-storage side of the storage relay: everything between an object's local spool and an
 * S3-compatible bucket. Layout and rules: {@code docs/storage-layout.md}.
 *
 * <ul>
 *   <li>{@link io.cairn.relay.store.ObjectStore} is one bucket ({@link io.cairn.relay.store.MinioObjectStore}
 *       over the MinIO client, SigV4, path-style, short timeouts); failures are
 *       {@link io.cairn.relay.store.ObjectStoreException}s that say whether to retry.</li>
 *   <li>{@link io.cairn.relay.store.ObjectLayout} names every key: per object a {@code meta.json},
 *       {@code segments/} (spool batches) and {@code snapshots/} (database images), with fixed-width
 *       numbers so key order is txid order and a restore is planned from names alone.</li>
 *   <li>{@link io.cairn.relay.store.Shipper} uploads sealed batches and snapshots of thousands of
 *       objects with one timer and a small worker pool, in txid order per object, pausing behind
 *       a shared circuit breaker while the store is down.</li>
 *   <li>{@link io.cairn.relay.store.S3History} reads one object's history back for the capture
 *       module's {@code Restorer}; {@link io.cairn.relay.store.Retention} deletes what no moment of
 *       the retention window needs.</li>
 *   <li>{@link io.cairn.relay.store.Compression}: one zstd frame per stored object.</li>
 *   <li>{@link io.cairn.relay.store.EmbeddedS3} runs s3proxy in a child JVM for development and
 *       tests ({@link io.cairn.relay.store.EmbeddedS3Main} is {@code cairn s3-dev}).</li>
 * </ul>
 *
 * <p>LIST requests are made only by {@code S3History} (restore), {@code Retention} and recovery
 * tooling: never on the write path.
 */
package io.cairn.relay.store;
