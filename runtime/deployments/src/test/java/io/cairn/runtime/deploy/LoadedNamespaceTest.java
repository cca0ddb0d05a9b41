package io.cairn.runtime.deploy;

import io.cairn.runtime.deploy.testing.TestJars;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadedNamespaceTest extends StoreTestSupport {

    private static final String ROOM = "com.example.Room";

    private LoadedNamespace deploy(String source) throws Exception {
        store.deploy(TestJars.builder().source(ROOM, source)
                .manifest(TestJars.manifest("rooms", Map.of("rooms", ROOM))).build(), ConstructorCheck.NONE);
        return store.namespace("rooms").orElseThrow();
    }

    @Test
    void prefersTheContextConstructor() throws Exception {
        LoadedNamespace ns = deploy("""
                package com.example;
                import io.cairn.api.*;
                public class Room implements DurableObject, java.util.function.Supplier<String> {
                    private final String how;
                    public Room() { how = "no-arg"; }
                    public Room(ObjectContext ctx) { how = "context " + (ctx != null); }
                    public Response fetch(Request r) { return Response.ok(how); }
                    public String get() { return how; }
                }""");
        assertThat(answer(ns)).isEqualTo("context true");
    }

    @Test
    void fallsBackToTheNoArgumentConstructor() throws Exception {
        LoadedNamespace ns = deploy("""
                package com.example;
                import io.cairn.api.*;
                public class Room implements DurableObject, java.util.function.Supplier<String> {
                    public Response fetch(Request r) { return Response.ok("x"); }
                    public String get() { return "no-arg"; }
                }""");
        assertThat(answer(ns)).isEqualTo("no-arg");
        assertThat(ns.instantiate(null)).isNotNull(); // a no-arg constructor needs no context
    }

    @Test
    void unwrapsTheUsersUncheckedException() throws Exception {
        LoadedNamespace ns = deploy("""
                package com.example;
                import io.cairn.api.*;
                public class Room implements DurableObject {
                    public Room(ObjectContext ctx) { throw new IllegalArgumentException("bad state"); }
                    public Response fetch(Request r) { return Response.ok("x"); }
                }""");
        assertThatThrownBy(() -> ns.instantiate(TestContexts.withConfig(ns.config())))
                .isExactlyInstanceOf(IllegalArgumentException.class).hasMessage("bad state");
    }

    @Test
    void unwrapsTheUsersCheckedException() throws Exception {
        LoadedNamespace ns = deploy("""
                package com.example;
                import io.cairn.api.*;
                public class Room implements DurableObject {
                    public Room(ObjectContext ctx) throws java.io.IOException { throw new java.io.IOException("disk"); }
                    public Response fetch(Request r) { return Response.ok("x"); }
                }""");
        assertThatThrownBy(() -> ns.instantiate(TestContexts.withConfig(ns.config())))
                .isExactlyInstanceOf(IOException.class).hasMessage("disk");
    }

    @Test
    void unwrapsErrors() throws Exception {
        LoadedNamespace ns = deploy("""
                package com.example;
                import io.cairn.api.*;
                public class Room implements DurableObject {
                    public Room(ObjectContext ctx) { throw new AssertionError("invariant"); }
                    public Response fetch(Request r) { return Response.ok("x"); }
                }""");
        assertThatThrownBy(() -> ns.instantiate(TestContexts.withConfig(ns.config())))
                .isExactlyInstanceOf(AssertionError.class).hasMessage("invariant");
    }

    @Test
    void theContextConstructorNeedsAContext() throws Exception {
        LoadedNamespace ns = deploy(TestJars.respondingObject(ROOM, "x"));
        assertThatThrownBy(() -> ns.instantiate(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void staticNestedClassesWork() throws Exception {
        store.deploy(TestJars.builder().source(ROOM, """
                        package com.example;
                        import io.cairn.api.*;
                        public class Room {
                            public static class Desk implements DurableObject, java.util.function.Supplier<String> {
                                public Response fetch(Request r) { return Response.ok("desk"); }
                                public String get() { return "desk"; }
                            }
                        }""")
                .manifest(TestJars.manifest("desks", Map.of("desks", ROOM + "$Desk"))).build(), TestContexts.INSTANTIATE);
        assertThat(answer("desks")).isEqualTo("desk");
    }
}
