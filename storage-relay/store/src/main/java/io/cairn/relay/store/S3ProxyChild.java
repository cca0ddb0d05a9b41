package io.cairn.relay.store;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Entry point of the s3proxy child JVM started by {@link EmbeddedS3}. Runs
 * {@code org.gaul.s3proxy.Main} (found on the child's own classpath, never on the node's) and
 * exits as soon as its standard input reaches end-of-file.
 *
 * <p>Standard input is a pipe from the parent: it closes when the parent asks for a stop, and
 * also when the parent dies, even by SIGKILL. So a crashed test run or node never leaves an
 * orphan server holding a port and a data directory.
 *
 * <p>Uses the JDK only: this class is the one piece of Cairn on the child's classpath.
 */
public final class S3ProxyChild {

    static final String S3PROXY_MAIN = "org.gaul.s3proxy.Main";

    private S3ProxyChild() {
    }

    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(S3ProxyChild::exitWhenParentLetsGo, "cairn-s3proxy-parent-watch");
        watchdog.setDaemon(true);
        watchdog.start();
        Method main;
        try {
            main = Class.forName(S3PROXY_MAIN).getMethod("main", String[].class);
        } catch (ClassNotFoundException e) {
            System.err.println("cairn: " + S3PROXY_MAIN + " is not on the classpath " + System.getProperty("java.class.path"));
            System.exit(2);
            return;
        }
        try {
            main.invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            System.err.println("cairn: s3proxy failed to start: " + e.getCause());
            e.getCause().printStackTrace(System.err);
            System.exit(3);
        }
        // s3proxy's Jetty threads keep the JVM running until the watchdog ends it.
    }

    private static void exitWhenParentLetsGo() {
        InputStream in = System.in;
        byte[] sink = new byte[256];
        try {
            while (in.read(sink) >= 0) {
                // The parent never writes; anything read is ignored.
            }
        } catch (IOException e) {
            // A broken pipe means the same as end-of-file: the parent is gone.
        }
        System.exit(0);
    }
}
