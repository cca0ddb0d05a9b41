package io.cairn.samples.counter;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.api.DurableObject;
import io.cairn.api.ObjectContext;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/** The deployment manifest names a class the node can instantiate. */
class ManifestTest {

    @Test
    void manifestBindsTheCounterNamespaceToTheCounterClass() throws Exception {
        JsonNode manifest;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/cairn.json")) {
            assertThat(in).as("META-INF/cairn.json on the classpath").isNotNull();
            manifest = new ObjectMapper().readTree(in);
        }
        assertThat(manifest.get("app").asText()).isEqualTo("counter");
        String className = manifest.get("namespaces").get("counter").get("class").asText();
        Class<?> type = Class.forName(className);
        assertThat(type).isEqualTo(Counter.class);
        assertThat(DurableObject.class).isAssignableFrom(type);
        assertThat(Modifier.isPublic(type.getModifiers())).isTrue();
        assertThat(Modifier.isPublic(type.getConstructor(ObjectContext.class).getModifiers())).isTrue();
    }
}
