package io.cairn.runtime.deploy;

import io.cairn.api.DurableObject;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

/**
 * The parent of every deployment's class loader: it sees the JDK (through the platform class
 * loader) and the classes and resources of package {@code io.cairn.api}, and nothing else. So
 * user code cannot link against Vert.x, Jackson, sqlite-jdbc or {@code io.cairn.runtime.*} by
 * accident: those would otherwise be on the parent path and make a JAR that works on one node
 * version break on the next. {@code io.cairn.api} itself must be shared, not copied, so that
 * the runtime and user code agree on {@link DurableObject} and friends.
 *
 * <p>This is dependency hygiene, not a sandbox: user code still runs with the JVM's full
 * permissions.
 */
final class ApiOnlyClassLoader extends ClassLoader {

    static final String API_PACKAGE = "io.cairn.api";
    private static final String API_PREFIX = API_PACKAGE + ".";
    private static final String API_RESOURCE_PREFIX = API_PACKAGE.replace('.', '/') + "/";

    static {
        // Before INSTANCE below: only loaders created after registration are parallel capable.
        registerAsParallelCapable();
    }

    /** Stateless, so one instance serves every deployment. */
    static final ApiOnlyClassLoader INSTANCE = new ApiOnlyClassLoader(DurableObject.class.getClassLoader());

    private final ClassLoader apiLoader;

    private ApiOnlyClassLoader(ClassLoader apiLoader) {
        super("cairn-api-only", ClassLoader.getPlatformClassLoader());
        this.apiLoader = apiLoader;
    }

    /** True for classes directly in {@code io.cairn.api} (nested classes included, sub-packages not). */
    static boolean isApiClass(String binaryName) {
        return binaryName.startsWith(API_PREFIX) && binaryName.indexOf('.', API_PREFIX.length()) < 0;
    }

    private static boolean isApiResource(String name) {
        return name.startsWith(API_RESOURCE_PREFIX) && name.indexOf('/', API_RESOURCE_PREFIX.length()) < 0;
    }

    /** Reached only after the platform loader declined: JDK classes never come here. */
    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (isApiClass(name)) {
            return apiLoader.loadClass(name);
        }
        throw new ClassNotFoundException(name);
    }

    @Override
    protected URL findResource(String name) {
        return isApiResource(name) ? apiLoader.getResource(name) : null;
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        return isApiResource(name) ? apiLoader.getResources(name) : Collections.emptyEnumeration();
    }
}
