package io.cairn.runtime.deploy.testing;

import io.cairn.api.DurableObject;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

/**
 * Builds real deployment JARs in tests: compiles Java source strings in memory with
 * {@link javax.tools.JavaCompiler} and packs the classes, a {@code META-INF/cairn.json} and any
 * other files with {@link JarOutputStream}. Published as the test-jar of cairn-deployments
 * ({@code io.cairn:cairn-deployments:0.1.0-SNAPSHOT}, {@code <type>test-jar</type>},
 * {@code <scope>test</scope>}) so other modules' tests build deployments the same way. Needs a
 * JDK (not a JRE) and cairn-api on the test class path.
 *
 * <pre>{@code
 * byte[] jar = TestJars.builder()
 *         .source("com.example.Counter", """
 *                 package com.example;
 *                 import io.cairn.api.*;
 *                 public class Counter implements DurableObject {
 *                     public Counter(ObjectContext ctx) {}
 *                     public Response fetch(Request r) { return Response.ok("hi"); }
 *                 }""")
 *         .manifest(TestJars.manifest("counter", Map.of("counter", "com.example.Counter")))
 *         .file("public/index.html", "<h1>counter</h1>")
 *         .build();
 * // or, for the common case of one class answering a fixed text:
 * byte[] simple = TestJars.simpleApp("counter", "counter", "com.example.Counter", "v1");
 * }</pre>
 *
 * <p>API:
 * <ul>
 *   <li>{@link #builder()} — {@link Builder#source}, {@link Builder#classpath},
 *       {@link Builder#classpathOf}, {@link Builder#manifest}, {@link Builder#file} (String or
 *       bytes), {@link Builder#build()} → JAR bytes, {@link Builder#writeTo(Path)};</li>
 *   <li>{@link #manifest(String, Map)} — manifest JSON for namespace → class;</li>
 *   <li>{@link #respondingObject(String, String)} — source of a DurableObject answering a text;</li>
 *   <li>{@link #simpleApp(String, String, String, String)} — a whole one-namespace JAR;</li>
 *   <li>{@link #compile(Map, List)} — sources → class files (entry name → bytes);</li>
 *   <li>{@link #jar(Map)} — any entries → JAR bytes;</li>
 *   <li>{@link #classpathOf(Class)} — the JAR or directory a class was loaded from.</li>
 * </ul>
 * Output is deterministic (sorted entries, fixed timestamps): the same inputs give the same
 * bytes, hence the same SHA-256.
 */
public final class TestJars {

    /** Entry timestamps are fixed so equal inputs make byte-identical JARs. */
    private static final long ENTRY_TIME = 1_700_000_000_000L;
    private static final String RELEASE = "21";

    private TestJars() {
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A manifest JSON for {@code app} binding each namespace (key) to a class (value), in map order. */
    public static String manifest(String app, Map<String, String> namespaceToClass) {
        return "{\"app\":\"" + app + "\",\"namespaces\":{" + namespaceToClass.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":{\"class\":\"" + e.getValue() + "\"}")
                .collect(Collectors.joining(",")) + "}}";
    }

    /**
     * Source of a public DurableObject {@code className} (binary name, in a package) with an
     * {@code (ObjectContext)} constructor whose {@code fetch} answers 200 {@code text}; it also
     * implements {@code Supplier<String>} returning {@code text}, so tests can call it without
     * building a Request.
     */
    public static String respondingObject(String className, String text) {
        int dot = className.lastIndexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("give the class a package: " + className);
        }
        String quoted = "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return "package " + className.substring(0, dot) + ";\n"
                + "import io.cairn.api.*;\n"
                + "public class " + className.substring(dot + 1)
                + " implements DurableObject, java.util.function.Supplier<String> {\n"
                + "    public " + className.substring(dot + 1) + "(ObjectContext ctx) {}\n"
                + "    @Override public Response fetch(Request request) { return Response.ok(" + quoted + "); }\n"
                + "    @Override public String get() { return " + quoted + "; }\n"
                + "}\n";
    }

    /** A JAR of app {@code app} binding {@code namespace} to a {@link #respondingObject} answering {@code text}. */
    public static byte[] simpleApp(String app, String namespace, String className, String text) {
        return builder().source(className, respondingObject(className, text))
                .manifest(manifest(app, Map.of(namespace, className))).build();
    }

    /** The JAR file or class directory {@code type} was loaded from, e.g. to compile against a library. */
    public static Path classpathOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("cannot tell where " + type.getName() + " was loaded from", e);
        }
    }

    /**
     * Compiles {@code sources} (binary class name → source code) for Java {@value #RELEASE}
     * against {@code classpath} (cairn-api is always added). Returns JAR entry name
     * ({@code com/example/Counter.class}, nested classes included) → class bytes.
     *
     * @throws IllegalArgumentException with the compiler's diagnostics when compilation fails
     */
    public static Map<String, byte[]> compile(Map<String, String> sources, List<Path> classpath) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("no Java compiler: run the tests on a JDK");
        }
        Set<Path> cp = new LinkedHashSet<>(classpath);
        cp.add(classpathOf(DurableObject.class));
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((name, code) -> units.add(new SourceFile(name, code)));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> classes = new TreeMap<>();
        try (StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8);
             JavaFileManager files = new InMemoryOutput(standard, classes)) {
            List<String> options = List.of("--release", RELEASE, "-proc:none", "-classpath",
                    cp.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)));
            boolean ok = compiler.getTask(null, files, diagnostics, options, null, units).call();
            if (!ok) {
                throw new IllegalArgumentException("compilation failed:\n" + diagnostics.getDiagnostics().stream()
                        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                        .map(Object::toString).collect(Collectors.joining("\n")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, byte[]> out = new TreeMap<>();
        classes.forEach((binaryName, bytes) -> out.put(binaryName.replace('.', '/') + ".class", bytes.toByteArray()));
        return out;
    }

    /** A JAR (with a minimal META-INF/MANIFEST.MF) holding {@code entries}: name → content, sorted by name. */
    public static byte[] jar(Map<String, byte[]> entries) {
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            JarEntry mfEntry = new JarEntry("META-INF/MANIFEST.MF");
            mfEntry.setTime(ENTRY_TIME);
            jar.putNextEntry(mfEntry);
            mf.write(jar);
            jar.closeEntry();
            for (Map.Entry<String, byte[]> e : new TreeMap<>(entries).entrySet()) {
                JarEntry entry = new JarEntry(e.getKey());
                entry.setTime(ENTRY_TIME);
                jar.putNextEntry(entry);
                jar.write(e.getValue());
                jar.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Collects sources, class path, manifest and files; {@link #build()} compiles and packs them. */
    public static final class Builder {
        private final Map<String, String> sources = new LinkedHashMap<>();
        private final List<Path> classpath = new ArrayList<>();
        private final Map<String, byte[]> files = new TreeMap<>();

        private Builder() {
        }

        /** Adds a source file for class {@code className} (binary name, e.g. {@code com.example.Room}). */
        public Builder source(String className, String code) {
            sources.put(className, code);
            return this;
        }

        /** Compiles against {@code entry} too (a JAR or class directory); it is not packed into the JAR. */
        public Builder classpath(Path entry) {
            classpath.add(entry);
            return this;
        }

        /** Compiles against wherever {@code type} was loaded from, e.g. {@code classpathOf(ObjectMapper.class)}. */
        public Builder classpathOf(Class<?> type) {
            return classpath(TestJars.classpathOf(type));
        }

        /** Sets {@code META-INF/cairn.json}; without it the JAR has no manifest. */
        public Builder manifest(String json) {
            return file("META-INF/cairn.json", json);
        }

        /** Adds a file at {@code path} in the JAR. */
        public Builder file(String path, byte[] content) {
            files.put(path, content.clone());
            return this;
        }

        public Builder file(String path, String content) {
            return file(path, content.getBytes(StandardCharsets.UTF_8));
        }

        /** Compiles the sources (if any) and returns the JAR's bytes. */
        public byte[] build() {
            Map<String, byte[]> entries = new TreeMap<>(files);
            if (!sources.isEmpty()) {
                entries.putAll(compile(sources, classpath));
            }
            return jar(entries);
        }

        /** Builds and writes the JAR to {@code file}; returns {@code file}. */
        public Path writeTo(Path file) {
            try {
                return Files.write(file, build());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class SourceFile extends SimpleJavaFileObject {
        private final String code;

        SourceFile(String className, String code) {
            super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.code = code;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
        }
    }

    /** Sends class files to memory instead of the filesystem. */
    private static final class InMemoryOutput extends ForwardingJavaFileManager<StandardJavaFileManager> {
        private final Map<String, ByteArrayOutputStream> classes;

        InMemoryOutput(StandardJavaFileManager delegate, Map<String, ByteArrayOutputStream> classes) {
            super(delegate);
            this.classes = classes;
        }

        @Override
        public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                                                   FileObject sibling) {
            return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                @Override
                public OutputStream openOutputStream() {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    classes.put(className, out);
                    return out;
                }
            };
        }
    }
}
