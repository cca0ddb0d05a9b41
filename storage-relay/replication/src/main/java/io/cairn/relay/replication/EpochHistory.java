package io.cairn.relay.replication;

import java.util.ArrayList;
import java.util.List;

/**
 * Which epoch wrote which txids of one object's log: a list of {@code (epoch, startTxid)} with both
 * strictly increasing; an entry covers txids from its start up to the next entry's start. Replicas keep
 * one per object, owners send theirs with every Append, and comparing the two tells a replica exactly
 * where its log diverges from the owner's (the idea of Kafka's leader-epoch cache).
 *
 * <p>Histories are trimmed from below once the commits are known committed: a txid below the first
 * entry's start is committed, hence identical in every log, and {@link #epochOf} answers {@link #UNKNOWN}.
 *
 * @param entries epoch starts, ordered
 */
public record EpochHistory(List<EpochStart> entries) {

    /** Answer of {@link #epochOf} for txids older than the history: committed, equal everywhere. */
    public static final long UNKNOWN = -1;

    public static final EpochHistory EMPTY = new EpochHistory(List.of());

    /**
     * @param epoch     the owner's epoch
     * @param startTxid the first txid written in it
     */
    public record EpochStart(long epoch, long startTxid) {
    }

    public EpochHistory {
        entries = List.copyOf(entries);
        for (int i = 1; i < entries.size(); i++) {
            EpochStart a = entries.get(i - 1);
            EpochStart b = entries.get(i);
            if (b.epoch <= a.epoch || b.startTxid <= a.startTxid) {
                throw new IllegalArgumentException("epoch history must increase: " + entries);
            }
        }
    }

    /** The epoch that wrote {@code txid}, or {@link #UNKNOWN} when it is older than the history. */
    public long epochOf(long txid) {
        long e = UNKNOWN;
        for (EpochStart s : entries) {
            if (s.startTxid > txid) {
                break;
            }
            e = s.epoch;
        }
        return e;
    }

    /** The latest epoch in the history, 0 when empty. */
    public long lastEpoch() {
        return entries.isEmpty() ? 0 : entries.getLast().epoch;
    }

    /** This history followed by {@code epoch} starting at {@code startTxid} (entries at or after it dropped). */
    public EpochHistory with(long epoch, long startTxid) {
        List<EpochStart> out = new ArrayList<>();
        for (EpochStart s : entries) {
            if (s.startTxid < startTxid && s.epoch < epoch) {
                out.add(s);
            }
        }
        out.add(new EpochStart(epoch, startTxid));
        return new EpochHistory(out);
    }

    /**
     * This history up to {@code lastTxid}, continued by {@code other} for every txid after it: what a replica
     * records after appending the owner's commits following {@code lastTxid}.
     */
    public EpochHistory splice(long lastTxid, EpochHistory other) {
        List<EpochStart> out = new ArrayList<>();
        for (EpochStart s : entries) {
            if (s.startTxid <= lastTxid) {
                out.add(s);
            }
        }
        long continuing = other.epochOf(lastTxid + 1);
        if (continuing != UNKNOWN && (out.isEmpty() || out.getLast().epoch < continuing)) {
            out.add(new EpochStart(continuing, lastTxid + 1));
        }
        for (EpochStart s : other.entries) {
            if (s.startTxid > lastTxid + 1 && (out.isEmpty() || out.getLast().epoch < s.epoch)) {
                out.add(s);
            }
        }
        return new EpochHistory(out);
    }

    /** Drops entries wholly below {@code committedTxid}, keeping the one that covers it. */
    public EpochHistory trimBelow(long committedTxid) {
        int first = 0;
        for (int i = 1; i < entries.size(); i++) {
            if (entries.get(i).startTxid <= committedTxid) {
                first = i;
            }
        }
        return first == 0 ? this : new EpochHistory(entries.subList(first, entries.size()));
    }

    /**
     * The first txid in {@code (afterTxid, upToTxid]} whose epoch differs between this history and
     * {@code owner}'s, or -1 when they agree on the whole range. Both are step functions, so only the range
     * start and the entry starts need checking. Txids older than either history are committed: they agree.
     */
    public long firstDivergence(EpochHistory owner, long afterTxid, long upToTxid) {
        List<Long> candidates = new ArrayList<>();
        candidates.add(afterTxid + 1);
        entries.forEach(s -> candidates.add(s.startTxid));
        owner.entries.forEach(s -> candidates.add(s.startTxid));
        long best = -1;
        for (long t : candidates) {
            if (t <= afterTxid || t > upToTxid || (best != -1 && t >= best)) {
                continue;
            }
            long mine = epochOf(t);
            long theirs = owner.epochOf(t);
            if (mine != UNKNOWN && theirs != UNKNOWN && mine != theirs) {
                best = t;
            }
        }
        return best;
    }
}
