package io.cairn.runtime.deploy;

import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/**
 * The class loader of one deployment: a {@link URLClassLoader} over its stored JAR file, with
 * {@link ApiOnlyClassLoader} as parent (parent-first, as usual).
 *
 * <p>It refuses to define classes in {@code io.cairn.api} from the JAR. A shaded JAR that bundles
 * the API is harmless (the parent's copy wins), but a class the JAR adds to that package would
 * pose as platform API while being the user's own code.
 */
final class DeploymentClassLoader extends URLClassLoader {

    static {
        registerAsParallelCapable();
    }

    DeploymentClassLoader(String deploymentId, Path jar) {
        super("deployment " + deploymentId, new URL[] {toUrl(jar)}, ApiOnlyClassLoader.INSTANCE);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (ApiOnlyClassLoader.isApiClass(name)) {
            throw new ClassNotFoundException(name + " is not part of the Cairn API, and package "
                    + ApiOnlyClassLoader.API_PACKAGE + " is reserved: a deployment may not add classes to it");
        }
        return super.findClass(name);
    }

    private static URL toUrl(Path jar) {
        try {
            return jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("cannot make a URL of " + jar, e);
        }
    }
}
