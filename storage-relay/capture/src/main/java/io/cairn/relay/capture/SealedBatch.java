package io.cairn.relay.capture;

import java.nio.file.Path;

/**
 * A closed, fsynced spool file holding the consecutive records {@code firstTxid..lastTxid}, waiting to be
 * uploaded. The file is a concatenation of {@link RecordCodec} records.
 *
 * @param bytes size of the file
 */
public record SealedBatch(long firstTxid, long lastTxid, long firstTimeMillis, long lastTimeMillis, Path file,
                          long bytes) {
}
