package io.cairn.router.forward;

import java.util.Objects;

/**
 * Where one attempt of a forwarded request should go, as the router's resolver answers it before
 * each attempt.
 */
public sealed interface ForwardTarget {

    /**
     * The node that owns the object now.
     *
     * @param nodeId  the owner's node id (for messages and {@code Cairn-Forwarded-By} checks)
     * @param address {@code host:port} of the owner's HTTP front; an IPv6 host is written {@code [::1]:8787}
     */
    record Remote(String nodeId, String address) implements ForwardTarget {

        public Remote {
            Objects.requireNonNull(nodeId, "nodeId");
            Objects.requireNonNull(address, "address");
            int colon = address.lastIndexOf(':');
            if (colon <= 0 || colon == address.length() - 1) {
                throw new IllegalArgumentException("address '" + address + "' of node " + nodeId + " is not host:port");
            }
            int port;
            try {
                port = Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("address '" + address + "' of node " + nodeId + " has no port 1..65535");
            }
        }

        /** The host part, without IPv6 brackets. */
        public String host() {
            String host = address.substring(0, address.lastIndexOf(':'));
            return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        }

        public int port() {
            return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        }
    }

    /**
     * No attempt is possible now: this node should handle it after all (ownership moved here) or no
     * owner is known. The forwarder answers 503 {@code object_moving} at once.
     *
     * @param reason what happened, in words for the error message
     */
    record Unavailable(String reason) implements ForwardTarget {

        public Unavailable {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
