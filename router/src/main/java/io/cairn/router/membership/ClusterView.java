package io.cairn.router.membership;

import java.util.List;
import java.util.Optional;

/**
 * The members that may own objects right now (joined, serving HTTP, not leaving), sorted by node
 * id, plus every known member for the admin view.
 *
 * @param self    this node's id
 * @param owners  members eligible to own objects
 * @param all     every member with a published address, leaving ones included
 */
public record ClusterView(String self, List<MemberInfo> owners, List<MemberInfo> all) {

    public ClusterView {
        owners = List.copyOf(owners);
        all = List.copyOf(all);
    }

    public Optional<MemberInfo> member(String nodeId) {
        return all.stream().filter(m -> m.nodeId().equals(nodeId)).findFirst();
    }

    public boolean isAlive(String nodeId) {
        return member(nodeId).isPresent();
    }
}
