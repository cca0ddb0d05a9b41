package io.cairn.relay.replication;

/**
 * Where a replica's log of one object ends: the txid of its last commit and the epoch that commit was
 * written in. Positions order lexicographically by epoch, then txid, as Raft compares logs: a log whose
 * last commit comes from a later owner is more up to date than a longer log of an older owner, because
 * the later owner's log contains every commit acknowledged before it took over.
 *
 * @param epoch the epoch of the last commit, 0 when the log is empty
 * @param txid  the last txid, -1 when the log is empty
 */
public record Position(long epoch, long txid) implements Comparable<Position> {

    /** An empty log. */
    public static final Position NONE = new Position(0, -1);

    public Position {
        if (epoch < 0 || txid < -1) {
            throw new IllegalArgumentException("invalid position " + epoch + "/" + txid);
        }
    }

    @Override
    public int compareTo(Position o) {
        int c = Long.compare(epoch, o.epoch);
        return c != 0 ? c : Long.compare(txid, o.txid);
    }

    /** True when this position is strictly more up to date than {@code o}. */
    public boolean isAfter(Position o) {
        return compareTo(o) > 0;
    }

    @Override
    public String toString() {
        return epoch + "/" + txid;
    }
}
