package io.cairn.relay.replication;

import io.cairn.relay.capture.CommitRecord;
import java.util.List;

/**
 * What a new owner must apply to its local database before serving, fetched by
 * {@link EpochElection#catchUp}.
 *
 * @param replaceDatabase true when the local database must be started from an empty file: the first
 *                        record is then a whole database image (or txid 0)
 * @param commits         consecutive commits ending at the election's base txid
 */
public record CatchUp(boolean replaceDatabase, List<CommitRecord> commits) {

    public CatchUp {
        commits = List.copyOf(commits);
    }
}
