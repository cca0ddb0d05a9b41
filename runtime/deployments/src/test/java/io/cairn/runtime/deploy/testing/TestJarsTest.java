package io.cairn.runtime.deploy.testing;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TestJarsTest {

    @Test
    void buildsAJarWithClassesManifestAndFiles() throws Exception {
        byte[] jar = TestJars.builder()
                .source("com.example.Outer", "package com.example; public class Outer { public static class Inner {} }")
                .manifest(TestJars.manifest("demo", Map.of("demo", "com.example.Outer")))
                .file("public/index.html", "<p>hi</p>")
                .build();
        List<String> names = new ArrayList<>();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            assertThat(in.getManifest()).isNotNull();
            for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                names.add(e.getName());
            }
        }
        assertThat(names).containsExactly("META-INF/cairn.json", "com/example/Outer$Inner.class", "com/example/Outer.class",
                "public/index.html");
    }

    @Test
    void isDeterministic() {
        assertThat(TestJars.simpleApp("a", "n", "com.example.X", "t")).isEqualTo(TestJars.simpleApp("a", "n", "com.example.X", "t"));
    }

    @Test
    void reportsCompileErrors() {
        assertThatThrownBy(() -> TestJars.compile(Map.of("com.example.Bad", "package com.example; class Bad { int x = ; }"), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("compilation failed");
    }

    @Test
    void writesToAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path file = TestJars.builder().manifest("{}").writeTo(tmp.resolve("x.jar"));
        assertThat(java.nio.file.Files.size(file)).isPositive();
    }
}
