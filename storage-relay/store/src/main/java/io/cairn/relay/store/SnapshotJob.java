package io.cairn.relay.store;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** One requested snapshot upload, queued on its object's {@link ShipLane}. */
final class SnapshotJob {

    final long txid;
    final long timeMillis;
    final Path image;
    final CompletableFuture<Void> future;
    /** The compressed image, kept across retries: re-compressing a GB image per attempt would be waste. */
    volatile Path compressed;

    SnapshotJob(long txid, long timeMillis, Path image, CompletableFuture<Void> future) {
        this.txid = txid;
        this.timeMillis = timeMillis;
        this.image = image;
        this.future = future;
    }
}
