package io.cairn.relay.replication;

import io.cairn.relay.capture.CommitRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The owner's recent commits that some replica may still need, by txid. Confined to the
 * {@link QuorumReplicator}'s context.
 */
final class CommitBuffer {

    private final TreeMap<Long, CommitRecord> commits = new TreeMap<>();
    private long bytes;

    void add(CommitRecord c) {
        commits.put(c.txid(), c);
        bytes += c.payloadBytes();
    }

    /** Consecutive buffered commits from {@code from}, at most {@code maxCommits} and about {@code maxBytes}. */
    List<CommitRecord> batch(long from, int maxCommits, long maxBytes) {
        List<CommitRecord> batch = new ArrayList<>();
        long size = 0;
        for (long t = from; batch.size() < maxCommits && size < maxBytes; t++) {
            CommitRecord c = commits.get(t);
            if (c == null) {
                break;
            }
            batch.add(c);
            size += c.payloadBytes();
        }
        return batch;
    }

    /**
     * Drops what every replica holds ({@code upTo}), and, above {@code maxBytes}, committed commits too
     * (up to {@code committed}): laggards then read them from the {@link CatchUpSource}.
     */
    void trim(long upTo, long committed, long maxBytes) {
        while (!commits.isEmpty() && (commits.firstKey() <= upTo
                || (bytes > maxBytes && commits.firstKey() <= committed))) {
            bytes -= commits.pollFirstEntry().getValue().payloadBytes();
        }
    }

    void clear() {
        commits.clear();
        bytes = 0;
    }
}
