package io.cairn.launcher;

import io.cairn.runtime.CairnNode;
import io.cairn.runtime.NodeOptions;
import io.cairn.runtime.spi.NodeExtension;

/** Starts a node, turning a start failure into a message that says what to do. */
final class NodeStarter {

    private NodeStarter() {
    }

    /**
     * @param portFlag the flag that chose the port, named when it is taken
     * @param extensions e.g. the storage relay; closed again when the node does not start
     */
    static CairnNode start(NodeOptions options, String portFlag, NodeExtension... extensions) {
        try {
            return CairnNode.start(options, extensions);
        } catch (Exception e) {
            for (NodeExtension extension : extensions) {
                try {
                    extension.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            String where = options.host() + ":" + options.httpPort();
            if (addressInUse(e)) {
                throw new CliException("cannot listen on " + where + ": the port is already in use; stop the other process "
                        + "(another cairn dev or node?) or choose another port with " + portFlag, e);
            }
            throw new CliException("cannot start a node on " + where + " with data in " + options.dataDir() + ": "
                    + describe(e), e);
        }
    }

    private static boolean addressInUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException
                    || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }

    /** The messages of the cause chain: the root cause is usually the informative one. */
    private static String describe(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
            if (b.indexOf(m) < 0) {
                b.append(b.isEmpty() ? "" : ": ").append(m);
            }
        }
        return b.toString();
    }
}
