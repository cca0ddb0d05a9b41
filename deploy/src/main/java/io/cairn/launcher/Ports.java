package io.cairn.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Port validation named by the flag the user typed (the node's own message names its field), and a free-port probe. */
final class Ports {

    private Ports() {
    }

    static void check(CommandSpec spec, String flag, int port) {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), flag + " must be 0..65535 (0 picks a free port), got " + port);
        }
    }

    /**
     * Whether {@code port} can be bound on {@code host} now. Servers that wait for "something
     * answers on the port" would otherwise take another process's server for their own.
     */
    static boolean free(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether another socket holds {@code port} on {@code host}. Unlike {@code !free(...)}, an
     * address this machine cannot bind (a public address behind NAT, say) does not count: the
     * server may still be configured to bind elsewhere.
     */
    static boolean inUse(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            return false;
        } catch (java.net.BindException e) {
            return e.getMessage() != null && e.getMessage().contains("in use");
        } catch (IOException e) {
            return false;
        }
    }
}
