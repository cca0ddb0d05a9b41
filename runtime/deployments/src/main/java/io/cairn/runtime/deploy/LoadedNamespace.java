package io.cairn.runtime.deploy;

import io.cairn.api.DurableObject;
import io.cairn.api.ObjectConfig;
import io.cairn.api.ObjectContext;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Objects;
import java.util.Optional;

/**
 * A namespace bound to a loaded, validated object class. Each deployment's namespaces have their
 * own instances, so the runtime can tell whether a live object runs current code with
 * {@link DeploymentStore#isCurrent} (identity) or by comparing {@code deployment().version()}.
 *
 * @param namespace   the namespace
 * @param deployment  the deployment that bound it
 * @param objectClass the class, defined by that deployment's own class loader
 * @param config      the namespace's manifest config
 */
public record LoadedNamespace(String namespace, Deployment deployment, Class<? extends DurableObject> objectClass,
                              ObjectConfig config) {

    /**
     * Resolved once per class. Kept in a {@link ClassValue} (stored with the class itself) rather
     * than a map here, so a superseded deployment's classes can still be unloaded.
     */
    private static final ClassValue<Optional<Constructor<?>>> CONSTRUCTORS = new ClassValue<>() {
        @Override
        protected Optional<Constructor<?>> computeValue(Class<?> type) {
            return findConstructor(type);
        }
    };

    public LoadedNamespace {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(deployment, "deployment");
        Objects.requireNonNull(objectClass, "objectClass");
        Objects.requireNonNull(config, "config");
    }

    /**
     * Creates an instance: through the public {@code (ObjectContext)} constructor when the class
     * has one, else the public no-argument constructor. While the constructor runs, the thread's
     * context class loader is the deployment's loader (libraries such as ServiceLoader users look
     * there); the runtime should do the same around every handler call.
     *
     * @throws Exception whatever the user's constructor threw, unwrapped from reflection
     */
    public DurableObject instantiate(ObjectContext ctx) throws Exception {
        Constructor<?> constructor = CONSTRUCTORS.get(objectClass).orElseThrow(() -> new IllegalStateException(
                "class " + objectClass.getName() + " has no usable constructor"));
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(objectClass.getClassLoader());
        try {
            Object instance = constructor.getParameterCount() == 1
                    ? constructor.newInstance(Objects.requireNonNull(ctx, "ctx"))
                    : constructor.newInstance();
            return (DurableObject) instance;
        } catch (InvocationTargetException e) {
            // The caller reports the user's exception (500 with its message), not reflection's wrapper.
            Throwable cause = e.getCause();
            if (cause instanceof Exception ex) {
                throw ex;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    /** The public {@code (ObjectContext)} constructor if any, else the public no-argument one. */
    static Optional<Constructor<?>> constructorOf(Class<?> type) {
        return CONSTRUCTORS.get(type);
    }

    private static Optional<Constructor<?>> findConstructor(Class<?> type) {
        if (!Modifier.isPublic(type.getModifiers())) {
            return Optional.empty();
        }
        try {
            return Optional.of(type.getConstructor(ObjectContext.class));
        } catch (NoSuchMethodException e) {
            try {
                return Optional.of(type.getConstructor());
            } catch (NoSuchMethodException e2) {
                return Optional.empty();
            }
        }
    }
}
