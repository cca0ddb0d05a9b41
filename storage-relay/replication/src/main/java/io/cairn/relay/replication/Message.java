package io.cairn.relay.replication;

import io.cairn.relay.capture.CommitRecord;
import java.util.List;
import java.util.Objects;

/**
 * The replication protocol. Requests go from an owner (or a candidate owner) to a replica, which answers
 * each with exactly one response on the same connection, matched by the request id of the frame
 * ({@link MessageCodec}). Every message names the object it is about; one connection carries many objects.
 *
 * <pre>
 * request                                   responses
 * Append  (owner → replica, commits)        Ack | Nack(STALE_EPOCH | BEHIND | FAILED)
 * Prepare (candidate → replica)             Promise | Nack(STALE_EPOCH | FAILED)
 * Fetch   (new owner → replica)             Frames | Nack(FAILED)
 * Install (owner → replica, image chunks)   Ack | Nack(STALE_EPOCH | FAILED)
 * </pre>
 */
public sealed interface Message {

    String objectKey();

    /** Requests, sent by owners and candidates. */
    sealed interface Request extends Message {
    }

    /** Responses, sent by replicas. */
    sealed interface Response extends Message {
    }

    /**
     * Commits from the owner of {@code epoch}. The replica keeps them only if they continue its log:
     * {@code prevTxid} must be its last txid or earlier (earlier commits it holds are skipped as duplicates
     * unless {@code history} says they diverge, then they are cut off first).
     *
     * @param epoch         the sender's ownership epoch
     * @param history       the sender's epoch history, used to find where the replica's log diverges
     * @param prevTxid      the txid just before the first commit (for an empty Append: the last txid sent)
     * @param committedTxid the highest txid the sender knows a quorum holds, -1 if none: replicas apply
     *                      commits to their database copy up to it
     * @param commits       consecutive commits starting at {@code prevTxid + 1}; may be empty (a probe, or
     *                      only news of {@code committedTxid})
     */
    record Append(String objectKey, long epoch, EpochHistory history, long prevTxid, long committedTxid,
                  List<CommitRecord> commits) implements Request {
        public Append {
            Objects.requireNonNull(objectKey, "objectKey");
            commits = List.copyOf(commits);
            for (int i = 0; i < commits.size(); i++) {
                if (commits.get(i).txid() != prevTxid + 1 + i) {
                    throw new IllegalArgumentException("commits must be consecutive after " + prevTxid);
                }
            }
        }

        /** The last txid this Append brings the replica to. */
        public long lastTxid() {
            return commits.isEmpty() ? prevTxid : commits.getLast().txid();
        }
    }

    /**
     * A candidate asks for the promise to refuse every epoch up to {@code epoch}.
     *
     * @param epoch the candidate's new epoch
     */
    record Prepare(String objectKey, long epoch) implements Request {
    }

    /**
     * Asks for commits {@code fromTxid..toTxid} (inclusive) of a replica's log.
     *
     * @param maxBytes soft bound on the page bytes of one answer; the asker repeats from where it stopped
     */
    record Fetch(String objectKey, long fromTxid, long toTxid, long maxBytes) implements Request {
    }

    /**
     * One chunk of a whole-database image at txid {@code chunk.txid()} that seeds a replica lacking commits
     * the owner can no longer send. Chunks go in page order, one at a time; the replica stages them and,
     * with the {@code last} one, replaces its log and database copy with the image at position
     * {@code (epoch, txid)} — only if {@code epoch} is at least its promise and its log (after cutting what
     * diverges from {@code history}) ends before that txid. Every chunk is answered with an Ack of the
     * replica's position; a position at or past the image's txid means the replica holds it.
     *
     * @param epoch         the sender's ownership epoch
     * @param history       the sender's epoch history
     * @param committedTxid the highest txid the sender knows a quorum holds, as in {@link Append}
     * @param firstPage     the first page of the chunk (1 starts a new image)
     * @param last          true for the chunk that ends at the image's last page
     * @param chunk         pages {@code firstPage..} of the image, consecutive; its txid, page size and
     *                      database size are the image's
     */
    record Install(String objectKey, long epoch, EpochHistory history, long committedTxid, int firstPage,
                   boolean last, CommitRecord chunk) implements Request {
        public Install {
            Objects.requireNonNull(objectKey, "objectKey");
            Objects.requireNonNull(history, "history");
            if (firstPage < 1) {
                throw new IllegalArgumentException("pages start at 1: " + firstPage);
            }
            for (int i = 0; i < chunk.pages().size(); i++) {
                if (chunk.pages().get(i).pageNumber() != firstPage + i) {
                    throw new IllegalArgumentException("image chunk pages must be consecutive from " + firstPage);
                }
            }
            long end = (long) firstPage + chunk.pages().size() - 1;
            if (last ? end != chunk.dbSizePages() : chunk.pages().isEmpty() || end >= chunk.dbSizePages()) {
                throw new IllegalArgumentException("image chunk " + firstPage + ".." + end + " of "
                        + chunk.dbSizePages() + " pages " + (last ? "does not end the image" : "is empty or last"));
            }
        }
    }

    /**
     * The commits of an Append are durable (fsynced) on the replica.
     *
     * @param promisedEpoch the replica's promised epoch (equal to the Append's epoch)
     * @param position      the replica's log end: every txid up to it equals the owner's
     * @param appliedTxid   the replica's database copy is at this txid
     */
    record Ack(String objectKey, long promisedEpoch, Position position, long appliedTxid) implements Response {
    }

    /** Why a request was refused. */
    enum Reason {
        /** The request's epoch is not above (Prepare) or below (Append) the replica's promise. */
        STALE_EPOCH,
        /** The Append does not continue the replica's log: send again from {@code resendFrom}. */
        BEHIND,
        /** The replica could not do the work (I/O error, missing data); the detail says what. */
        FAILED
    }

    /**
     * A refusal.
     *
     * @param promisedEpoch the replica's promised epoch (the higher epoch that fences a stale sender)
     * @param resendFrom    for {@link Reason#BEHIND}: the first txid the replica needs; otherwise -1
     * @param detail        human-readable explanation
     */
    record Nack(String objectKey, long promisedEpoch, Reason reason, long resendFrom, String detail)
            implements Response {
        public Nack {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /**
     * The replica promised {@code epoch} (durably) and will refuse anything older.
     *
     * @param position    its log end, the candidate compares these
     * @param appliedTxid its database copy's txid: everything up to it is committed
     * @param history     its epoch history, which the winner adopts
     */
    record Promise(String objectKey, long epoch, Position position, long appliedTxid, EpochHistory history)
            implements Response {
    }

    /**
     * Answer to a Fetch: consecutive commits from its {@code fromTxid}, possibly fewer than asked. When
     * {@code snapshot} is true the log no longer holds {@code fromTxid}, and the first record is instead the
     * replica's whole database at that record's txid (every page), to be applied to an empty file.
     */
    record Frames(String objectKey, boolean snapshot, List<CommitRecord> commits) implements Response {
        public Frames {
            commits = List.copyOf(commits);
        }
    }
}
