package io.cairn.relay.replication;

import io.cairn.relay.capture.CommitRecord;
import io.cairn.relay.capture.PageImage;
import io.cairn.relay.capture.WalPosition;
import io.cairn.relay.replication.Message.Ack;
import io.cairn.relay.replication.Message.Install;
import io.cairn.relay.replication.Message.Nack;
import io.cairn.relay.replication.Message.Reason;
import io.cairn.relay.replication.Message.Response;
import io.cairn.relay.replication.ReplicaStatus.State;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a replica up to date when the {@link QuorumReplicator}'s buffer no longer holds what it lacks:
 * older commits come from the {@link CatchUpSource}; when that does not reach back either, the replica is
 * seeded with a whole-database image from the {@link SnapshotSource}, sent as {@link Install} chunks of
 * at most {@value #CHUNK_BYTES} bytes, one in flight per replica. After the last chunk the replica holds
 * the image's txid {@code T}, counts as acknowledging everything up to {@code T}, and streams on from
 * {@code T + 1}.
 *
 * <p><b>Threading.</b> Confined to the replicator's context, like the {@link ReplicaLink}s it drives;
 * source reads, snapshot reads and closes run on worker threads ({@code executeBlocking}, unordered, so
 * several replicas can catch up at once). Each step checks the link's generation: when the replicator
 * rewound the link meanwhile (a failure, a BEHIND answer) the step is dropped and a snapshot in use closed.
 */
final class CatchUpDriver {

    private static final Logger log = LoggerFactory.getLogger(CatchUpDriver.class);

    /** Page bytes per Install chunk (far below {@link MessageCodec#MAX_PAYLOAD}). */
    static final int CHUNK_BYTES = 4 << 20;
    /** Wait before asking the snapshot source again after it had nothing usable. */
    static final long SNAPSHOT_RETRY_MILLIS = 1000;

    private final QuorumReplicator replicator;
    private final Vertx vertx;
    private final Context context;
    private final ReplicationClient client;
    private final ReplicatorConfig config;
    private final CatchUpSource source;
    private final SnapshotSource snapshots;

    CatchUpDriver(QuorumReplicator replicator, Vertx vertx, Context context, ReplicationClient client,
                  CatchUpSource source, SnapshotSource snapshots) {
        this.replicator = replicator;
        this.vertx = vertx;
        this.context = context;
        this.client = client;
        this.config = replicator.config();
        this.source = source;
        this.snapshots = snapshots;
    }

    /** Reads the link's next commits from the source and sends them; seeds when the source lacks them. */
    void catchUp(ReplicaLink link) {
        link.state = State.CATCHING_UP;
        int generation = link.generation;
        long from = link.next;
        long to = Math.min(replicator.lastTxid(), from + QuorumReplicator.MAX_BATCH_COMMITS - 1);
        context.executeBlocking(() -> source.commits(from, to, QuorumReplicator.MAX_BATCH_BYTES), false)
                .onComplete(ar -> {
                    if (replicator.isStopped()) {
                        return;
                    }
                    if (ar.failed()) {
                        link.state = State.PROBING;
                        replicator.failed(link, link.generation, "catch-up source: " + ar.cause());
                    } else if (ar.result().isEmpty() || ar.result().getFirst().txid() != from) {
                        link.state = State.NEEDS_SNAPSHOT;
                        link.lastError = "commits from " + from + " are no longer held by the catch-up source";
                        if (snapshots != SnapshotSource.NONE && generation == link.generation) {
                            seed(link);
                        }
                    } else {
                        link.state = State.STREAMING;
                        if (generation == link.generation && link.next == from) {
                            List<CommitRecord> got = ar.result();
                            replicator.send(link, from - 1, got);
                            link.next = got.getLast().txid() + 1;
                        }
                        replicator.pump(link);
                    }
                    replicator.publish();
                });
    }

    /** Asks the snapshot source for an image and starts sending it. */
    private void seed(ReplicaLink link) {
        link.rewind(link.next, State.SEEDING);   // answers to earlier Appends now only count as acks
        int generation = link.generation;
        context.executeBlocking(snapshots::snapshot, false).onComplete(ar -> {
            Optional<DatabaseSnapshot> got = ar.succeeded() ? ar.result() : Optional.empty();
            if (replicator.isStopped() || generation != link.generation) {
                got.ifPresent(this::close);
            } else if (ar.failed()) {
                replicator.failed(link, generation, "snapshot source: " + ar.cause());
            } else if (got.isEmpty() || got.get().txid() <= link.match) {
                got.ifPresent(this::close);
                retryLater(link, generation, got.isEmpty() ? "the snapshot source has no image"
                        : "the snapshot at " + got.get().txid() + " is not newer than the replica");
            } else if (got.get().txid() > replicator.lastTxid()) {
                close(got.get());
                replicator.failed(link, generation, "snapshot at txid " + got.get().txid()
                        + " is past the owner's last txid " + replicator.lastTxid());
            } else {
                sendChunk(link, generation, got.get(), 1);
            }
            replicator.publish();
        });
    }

    private void retryLater(ReplicaLink link, int generation, String why) {
        link.state = State.NEEDS_SNAPSHOT;
        link.lastError = why;
        vertx.setTimer(SNAPSHOT_RETRY_MILLIS, t -> {
            if (!replicator.isStopped() && generation == link.generation && link.state == State.NEEDS_SNAPSHOT) {
                seed(link);
                replicator.publish();
            }
        });
    }

    /** Reads, encodes and sends one chunk on a worker thread; the answer is handled on the context. */
    private void sendChunk(ReplicaLink link, int generation, DatabaseSnapshot image, int firstPage) {
        int count = Math.min(Math.max(1, CHUNK_BYTES / image.pageSize()), image.dbSizePages() - firstPage + 1);
        boolean last = firstPage + count - 1 == image.dbSizePages();
        context.executeBlocking(() -> {
            byte[] bytes = image.read(firstPage, count);
            int size = image.pageSize();
            List<PageImage> pages = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                pages.add(new PageImage(firstPage + i, Arrays.copyOfRange(bytes, i * size, (i + 1) * size)));
            }
            CommitRecord chunk = new CommitRecord(image.txid(), 0, size, image.dbSizePages(), pages,
                    WalPosition.NONE);
            Install install = new Install(config.objectKey(), config.epoch(), config.history(),
                    replicator.committedTxid(), firstPage, last, chunk);
            return client.request(link.address, install, config.requestTimeout());
        }, false).compose(sent -> sent).onComplete(ar -> context.runOnContext(v ->
                chunkAnswered(link, generation, image, firstPage + count, last, ar)));
    }

    private void chunkAnswered(ReplicaLink link, int generation, DatabaseSnapshot image, int nextPage, boolean last,
                               AsyncResult<Response> ar) {
        if (replicator.isStopped() || generation != link.generation) {
            close(image);
            return;
        }
        Response r = ar.succeeded() ? ar.result() : null;
        if (r instanceof Ack ack && ack.position().txid() >= image.txid()) {
            close(image);
            link.state = State.STREAMING;
            link.lastError = null;
            replicator.acked(link, generation, ack);   // counts from here: the replica holds 0..txid
        } else if (r instanceof Ack && !last) {
            sendChunk(link, generation, image, nextPage);
        } else {
            close(image);
            if (r instanceof Nack n && n.reason() == Reason.STALE_EPOCH && n.promisedEpoch() > config.epoch()) {
                replicator.fence(n.promisedEpoch());
            } else {
                replicator.failed(link, generation, "seeding txid " + image.txid() + ": "
                        + (ar.failed() ? String.valueOf(ar.cause()) : "unexpected answer " + r));
            }
        }
        replicator.publish();
    }

    private void close(DatabaseSnapshot image) {
        Future<Void> closed = context.executeBlocking(() -> {
            image.close();
            return null;
        }, false);
        closed.onFailure(e -> log.warn("closing the snapshot of {} at txid {} failed", config.objectKey(),
                image.txid(), e));
    }
}
