package io.cairn.router.replication;

import io.cairn.relay.capture.CommitRecord;
import io.cairn.relay.replication.CatchUpSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The last commits of one object, kept in memory so the owner can catch a briefly lagging replica
 * up without touching disk. Bounded by count and bytes; a replica further behind is seeded from
 * a database image instead.
 *
 * <p>Thread safety: synchronized; {@link #add} runs on the object's thread, {@link #commits} on
 * the replicator's worker.
 */
final class RecentCommits implements CatchUpSource {

    private final int maxCommits;
    private final long maxBytes;
    private final ArrayDeque<CommitRecord> commits = new ArrayDeque<>();
    private long bytes;

    RecentCommits(int maxCommits, long maxBytes) {
        this.maxCommits = maxCommits;
        this.maxBytes = maxBytes;
    }

    synchronized void add(CommitRecord r) {
        commits.addLast(r);
        bytes += r.payloadBytes();
        while (commits.size() > maxCommits || (bytes > maxBytes && commits.size() > 1)) {
            bytes -= commits.removeFirst().payloadBytes();
        }
    }

    @Override
    public synchronized List<CommitRecord> commits(long fromTxid, long toTxid, long maxBytesWanted) {
        if (commits.isEmpty() || commits.getFirst().txid() > fromTxid) {
            return List.of();
        }
        List<CommitRecord> out = new ArrayList<>();
        long taken = 0;
        for (CommitRecord r : commits) {
            if (r.txid() < fromTxid) {
                continue;
            }
            if (r.txid() > toTxid || (!out.isEmpty() && taken + r.payloadBytes() > maxBytesWanted)) {
                break;
            }
            out.add(r);
            taken += r.payloadBytes();
        }
        return out;
    }
}
