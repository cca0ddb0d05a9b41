package io.cairn.relay.store;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What of one object has not reached the object store yet, and how shipping it is going.
 *
 * @param sealedBatches       sealed spool batches waiting for upload
 * @param pendingBytes        bytes not uploaded yet: sealed batches plus the unsealed active file
 * @param lastShippedTxid     every txid up to this one is in the store (-1: none yet); the
 *                            "last flushed" position
 * @param lastFailure         when the last failed attempt happened, if any since registration
 * @param lastError           its message ({@code ""} if none)
 * @param consecutiveFailures failed attempts since the last success (0 when healthy)
 */
public record Backlog(int sealedBatches, long pendingBytes, long lastShippedTxid, Optional<Instant> lastFailure,
                      String lastError, int consecutiveFailures) {

    public Backlog {
        Objects.requireNonNull(lastFailure, "lastFailure");
        lastError = lastError == null ? "" : lastError;
    }

    /** Nothing waits for upload. */
    public boolean drained() {
        return sealedBatches == 0 && pendingBytes == 0;
    }
}
