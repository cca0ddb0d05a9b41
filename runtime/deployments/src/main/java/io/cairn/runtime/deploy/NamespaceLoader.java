package io.cairn.runtime.deploy;

import io.cairn.api.DurableObject;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;

/**
 * Loads and validates the class of each namespace of a deployment. Problems surface here, at
 * deploy time, rather than on the first request: a missing class, a class that is not a
 * concrete public {@link DurableObject}, one without a usable constructor, or one that links
 * against a library the deployment cannot see.
 */
final class NamespaceLoader {

    private static final String BUNDLE_HINT = "A deployment sees only the JDK, " + ApiOnlyClassLoader.API_PACKAGE
            + " and its own JAR: bundle other libraries into the JAR (e.g. with the Maven Shade plugin).";

    private NamespaceLoader() {
    }

    /** Loads namespace {@code ns} of {@code deployment} through {@code loader}, checking everything short of construction. */
    static LoadedNamespace load(DeploymentClassLoader loader, Deployment deployment, String ns) throws DeploymentRejectedException {
        NamespaceSpec spec = deployment.namespaces().get(ns);
        if (spec == null) {
            throw new IllegalArgumentException("deployment " + deployment.id() + " has no namespace '" + ns + "'");
        }
        String where = where(ns, spec.className());
        Class<?> type;
        try {
            // Not initialized: static initializers are user code and run under the ConstructorCheck,
            // where their failures are reported like the constructor's.
            type = Class.forName(spec.className(), false, loader);
        } catch (ClassNotFoundException e) {
            if (ApiOnlyClassLoader.isApiClass(spec.className())) {
                throw new DeploymentRejectedException("class_not_found", where + " is not part of the Cairn API, and "
                        + "package " + ApiOnlyClassLoader.API_PACKAGE + " is reserved: move the class to a package of your own");
            }
            throw new DeploymentRejectedException("class_not_found", where + " is not in the JAR (check the package "
                    + "and the spelling; nested classes are written Outer$Inner)");
        } catch (LinkageError e) {
            throw linkageProblem(where, e);
        }
        if (!DurableObject.class.isAssignableFrom(type)) {
            throw new DeploymentRejectedException("not_a_durable_object", where + " does not implement "
                    + DurableObject.class.getName());
        }
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new DeploymentRejectedException("not_a_durable_object", where + " is "
                    + (type.isInterface() ? "an interface" : "abstract") + ": name a concrete class");
        }
        link(type, loader, where);
        checkInstantiable(type, where);
        return new LoadedNamespace(ns, deployment, type.asSubclass(DurableObject.class), new NamespaceConfig(spec.config()));
    }

    /** Runs the runtime's constructor dry-run, turning whatever it throws into a rejection. */
    static void runCheck(LoadedNamespace ns, ConstructorCheck check) throws DeploymentRejectedException {
        String where = where(ns.namespace(), ns.objectClass().getName());
        try {
            check.check(ns);
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
                throw (VirtualMachineError) t; // the node is in trouble, not the JAR
            }
            if (t instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Throwable cause = t instanceof InvocationTargetException ite && ite.getCause() != null ? ite.getCause() : t;
            NoClassDefFoundError missing = findMissingClass(cause);
            if (missing != null) {
                throw linkageProblem(where, missing);
            }
            if (cause instanceof ExceptionInInitializerError init && init.getCause() != null) {
                throw new DeploymentRejectedException("constructor_threw", where + ": its static initializer threw "
                        + describe(init.getCause()), init.getCause());
            }
            throw new DeploymentRejectedException("constructor_threw", where + ": the constructor threw "
                    + describe(cause), cause);
        }
    }

    /**
     * Forces linking and resolution of the member signatures of the class and its superclasses
     * from the JAR: HotSpot links a class when its declared members are reflected, and building
     * the Field/Method objects loads every type they mention. Types used only inside method
     * bodies are still resolved lazily; the constructor check catches those the constructor uses.
     */
    private static void link(Class<?> type, ClassLoader loader, String where) throws DeploymentRejectedException {
        try {
            for (Class<?> c = type; c != null && c.getClassLoader() == loader; c = c.getSuperclass()) {
                c.getDeclaredFields();
                c.getDeclaredMethods();
                c.getDeclaredConstructors();
            }
        } catch (LinkageError e) {
            throw linkageProblem(where, e);
        }
    }

    private static void checkInstantiable(Class<?> type, String where) throws DeploymentRejectedException {
        if (!Modifier.isPublic(type.getModifiers())) {
            throw new DeploymentRejectedException("no_usable_constructor", where + " is not public: the runtime "
                    + "creates instances reflectively, so make the class public");
        }
        if (type.isMemberClass() && !Modifier.isStatic(type.getModifiers())) {
            throw new DeploymentRejectedException("no_usable_constructor", where + " is an inner class: declare it static");
        }
        if (LoadedNamespace.constructorOf(type).isEmpty()) {
            throw new DeploymentRejectedException("no_usable_constructor", where + " has no public constructor taking ("
                    + "io.cairn.api.ObjectContext) and no public no-argument constructor");
        }
    }

    private static DeploymentRejectedException linkageProblem(String where, LinkageError e) {
        if (e instanceof NoClassDefFoundError && e.getMessage() != null && !e.getMessage().startsWith("Could not initialize")) {
            String missing = e.getMessage().replace('/', '.');
            return new DeploymentRejectedException("class_not_found", where + " cannot be loaded: it needs "
                    + missing + ", which this deployment cannot see. " + BUNDLE_HINT, e);
        }
        if (e instanceof UnsupportedClassVersionError) {
            return new DeploymentRejectedException("linkage_error", where + " was compiled for a newer Java than this node runs ("
                    + e.getMessage() + "); compile with --release " + Runtime.version().feature() + " or lower", e);
        }
        return new DeploymentRejectedException("linkage_error", where + " cannot be loaded: " + describe(e), e);
    }

    private static NoClassDefFoundError findMissingClass(Throwable t) {
        for (int depth = 0; t != null && depth < 16; t = t.getCause(), depth++) {
            if (t instanceof NoClassDefFoundError n) {
                return n;
            }
        }
        return null;
    }

    private static String describe(Throwable t) {
        return t.getClass().getName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static String where(String ns, String className) {
        return "namespace '" + ns + "': class " + className;
    }
}
