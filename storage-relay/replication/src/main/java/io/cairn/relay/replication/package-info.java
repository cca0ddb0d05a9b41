/**
 * Quorum replication of commit records: every commit of an owned object goes to its replica set, and a
 * write is durable once a quorum of replicas fsynced it. Ownership is fenced by epochs that replicas
 * promise, so a superseded owner can never get a write acknowledged. See {@code docs/replication.md}.
 *
 * <ul>
 *   <li>{@link io.cairn.relay.replication.Message} and {@link io.cairn.relay.replication.MessageCodec}: the
 *       protocol and its CRC32C-checked binary frames.</li>
 *   <li>{@link io.cairn.relay.replication.ReplicaStore} (one per node): promises, per-object durable logs
 *       with group-commit fsync, and applied database copies; served over TCP by
 *       {@link io.cairn.relay.replication.ReplicaServer}.</li>
 *   <li>{@link io.cairn.relay.replication.QuorumReplicator} (one per owned object): pipelined, batched
 *       Appends; futures complete on quorum, fail with
 *       {@link io.cairn.relay.replication.FencedException} or
 *       {@link io.cairn.relay.replication.QuorumUnavailableException}. Replicas that lack old commits are
 *       caught up from a {@link io.cairn.relay.replication.CatchUpSource} or seeded with a whole-database
 *       image from a {@link io.cairn.relay.replication.SnapshotSource} (chunked
 *       {@link io.cairn.relay.replication.Message.Install}).</li>
 *   <li>{@link io.cairn.relay.replication.EpochElection}: Prepare/Promise on a quorum, then catch-up from
 *       the replica holding the highest position.</li>
 * </ul>
 */
package io.cairn.relay.replication;
