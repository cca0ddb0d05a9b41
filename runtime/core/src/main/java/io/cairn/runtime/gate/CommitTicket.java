package io.cairn.runtime.gate;

import io.cairn.api.ObjectId;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One committed event of one object, handed to the {@link DurabilityGate}.
 *
 * @param object the object that committed
 * @param sequence the object's commit counter since activation; strictly increasing per activation
 * @param walFile the object's WAL file, which holds the commit
 * @param committedAt wall-clock time of the commit
 * @param bookmark the bookmark the storage relay gave the commit, or null without a relay
 */
public record CommitTicket(ObjectId object, long sequence, Path walFile, Instant committedAt, String bookmark) {
}
