package io.cairn.router.ownership;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.IMap;
import io.cairn.api.ObjectId;
import java.util.Optional;

/**
 * The cluster's ownership records ({@code cairn-owners}), changed only by compare-and-set so two
 * nodes cannot both move an object to themselves from the same record. Hazelcast CE gives no
 * linearizable fencing (no CP subsystem): this table orders graceful moves; crash safety comes
 * from the replicas' epoch checks (storage relay II).
 */
public final class OwnershipTable {

    static final String MAP = "cairn-owners";

    private final IMap<String, OwnerRecord> map;

    public OwnershipTable(HazelcastInstance hz) {
        this.map = hz.getMap(MAP);
    }

    static String key(ObjectId id) {
        return id.namespace() + "\u0000" + id.name();
    }

    public Optional<OwnerRecord> get(ObjectId id) {
        return Optional.ofNullable(map.get(key(id)));
    }

    /** Claims an object nobody has held; false when someone did meanwhile. */
    public boolean claimNew(ObjectId id, OwnerRecord record) {
        return map.putIfAbsent(key(id), record) == null;
    }

    /** Replaces {@code expected} with {@code next}; false when the record changed meanwhile. */
    public boolean replace(ObjectId id, OwnerRecord expected, OwnerRecord next) {
        return map.replace(key(id), expected, next);
    }

    /** Withdraws a claim: removes the record only if it is still {@code expected}. */
    public boolean withdraw(ObjectId id, OwnerRecord expected) {
        return map.remove(key(id), expected);
    }

}
