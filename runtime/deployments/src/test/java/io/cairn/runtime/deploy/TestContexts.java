package io.cairn.runtime.deploy;

import io.cairn.api.ObjectConfig;
import io.cairn.api.ObjectContext;

import java.lang.reflect.Proxy;

/** Minimal contexts for constructing objects in tests: only {@code config()} works. */
final class TestContexts {

    private TestContexts() {
    }

    static ObjectContext withConfig(ObjectConfig config) {
        return (ObjectContext) Proxy.newProxyInstance(ObjectContext.class.getClassLoader(), new Class<?>[] {ObjectContext.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "config" -> config;
                    case "toString" -> "TestContext";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName() + " in a test context");
                });
    }

    /** The check the runtime would supply: run the constructor against a scratch context. */
    static final ConstructorCheck INSTANTIATE = ns -> ns.instantiate(withConfig(ns.config()));
}
