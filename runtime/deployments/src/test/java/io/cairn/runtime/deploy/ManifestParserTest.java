package io.cairn.runtime.deploy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ManifestParserTest {

    private static DeploymentManifest parse(String json) throws DeploymentRejectedException {
        return DeploymentManifest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesTheDocumentedExample() throws Exception {
        DeploymentManifest m = parse("""
                {
                  "app": "rooms",
                  "namespaces": {
                    "rooms": { "class": "io.cairn.samples.rooms.Room", "config": { "historyLimit": "100" } },
                    "lobby": { "class": "io.cairn.samples.rooms.Lobby$Desk" }
                  },
                  "assets": "public/"
                }""");
        assertThat(m.app()).isEqualTo("rooms");
        assertThat(List.copyOf(m.namespaces().keySet())).containsExactly("rooms", "lobby");
        assertThat(m.namespaces().get("rooms"))
                .isEqualTo(new NamespaceSpec("io.cairn.samples.rooms.Room", Map.of("historyLimit", "100")));
        assertThat(m.namespaces().get("lobby").config()).isEmpty();
        assertThat(m.assets()).contains("public");
    }

    @Test
    void assetsAndConfigAreOptional() throws Exception {
        DeploymentManifest m = parse("{\"app\":\"a\",\"namespaces\":{\"n\":{\"class\":\"x.Y\",\"config\":null}}}");
        assertThat(m.assets()).isEqualTo(Optional.empty());
        assertThat(m.namespaces().get("n").config()).isEmpty();
    }

    @Test
    void parsedCollectionsAreUnmodifiable() throws Exception {
        DeploymentManifest m = parse("{\"app\":\"a\",\"namespaces\":{\"n\":{\"class\":\"x.Y\",\"config\":{\"k\":\"v\"}}}}");
        assertThatThrownBy(() -> m.namespaces().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> m.namespaces().get("n").config().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            empty file                 | ''                                                                         | the file is empty
            malformed JSON             | '{"app": "a",'                                                             | malformed JSON
            trailing garbage           | '{"app":"a","namespaces":{"n":{"class":"x.Y"}}} {}'                        | malformed JSON
            comments                   | '{"app":"a", /* hi */ "namespaces":{"n":{"class":"x.Y"}}}'                 | malformed JSON
            not an object              | '["app"]'                                                                  | must be a JSON object
            missing app                | '{"namespaces":{"n":{"class":"x.Y"}}}'                                     | missing required field 'app'
            app not a string           | '{"app":7,"namespaces":{"n":{"class":"x.Y"}}}'                             | field 'app' must be a string, got a number
            bad app name               | '{"app":"Rooms","namespaces":{"n":{"class":"x.Y"}}}'                       | invalid app name 'Rooms'
            app name too long          | '{"app":"a234567890123456789012345678901234567890123456789012345678901234","namespaces":{"n":{"class":"x.Y"}}}' | invalid app name
            missing namespaces         | '{"app":"a"}'                                                              | missing required field 'namespaces'
            namespaces not object      | '{"app":"a","namespaces":["x.Y"]}'                                         | field 'namespaces' must be an object
            empty namespaces           | '{"app":"a","namespaces":{}}'                                              | field 'namespaces' is empty
            bad namespace name         | '{"app":"a","namespaces":{"Bad_Name":{"class":"x.Y"}}}'                    | invalid namespace 'Bad_Name'
            namespace with digit first | '{"app":"a","namespaces":{"1n":{"class":"x.Y"}}}'                          | invalid namespace '1n'
            namespace value string     | '{"app":"a","namespaces":{"n":"x.Y"}}'                                     | field 'namespaces.n' must be an object
            missing class              | '{"app":"a","namespaces":{"n":{}}}'                                        | missing required field 'namespaces.n.class'
            class not a string         | '{"app":"a","namespaces":{"n":{"class":["x.Y"]}}}'                         | field 'namespaces.n.class' must be a string, got an array
            class not a name           | '{"app":"a","namespaces":{"n":{"class":"x/Y.class"}}}'                     | is not a Java class name: 'x/Y.class'
            unknown top-level field    | '{"app":"a","namespace":{"n":{"class":"x.Y"}}}'                            | unknown field 'namespace' in the manifest; allowed fields are app, assets, namespaces
            unknown namespace field    | '{"app":"a","namespaces":{"n":{"clas":"x.Y"}}}'                            | unknown field 'clas' in 'namespaces.n'; allowed fields are class, config
            config not an object       | '{"app":"a","namespaces":{"n":{"class":"x.Y","config":"k=v"}}}'            | field 'namespaces.n.config' must be an object
            config value a number      | '{"app":"a","namespaces":{"n":{"class":"x.Y","config":{"limit":100}}}}'    | field 'namespaces.n.config.limit' must be a string, got a number (write "100")
            duplicate namespace        | '{"app":"a","namespaces":{"n":{"class":"x.Y"},"n":{"class":"x.Z"}}}'       | Duplicate field 'n'
            assets not a string        | '{"app":"a","namespaces":{"n":{"class":"x.Y"}},"assets":true}'             | field 'assets' must be a string
            assets absolute            | '{"app":"a","namespaces":{"n":{"class":"x.Y"}},"assets":"/public"}'        | must be a relative directory
            assets with dot-dot        | '{"app":"a","namespaces":{"n":{"class":"x.Y"}},"assets":"web/../.."}'      | may not contain '.' or '..'
            assets with backslash      | '{"app":"a","namespaces":{"n":{"class":"x.Y"}},"assets":"web\\\\static"}'  | must be a relative directory
            assets empty               | '{"app":"a","namespaces":{"n":{"class":"x.Y"}},"assets":""}'               | must be a relative directory
            assets in META-INF         | '{"app":"a","namespaces":{"n":{"class":"x.Y"}},"assets":"META-INF"}'       | may not point into META-INF
            """)
    void rejects(String description, String json, String expectedMessage) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOf(DeploymentRejectedException.class)
                .hasMessageStartingWith("META-INF/cairn.json: ")
                .hasMessageContaining(expectedMessage)
                .extracting(e -> ((DeploymentRejectedException) e).code()).isEqualTo("bad_manifest");
    }

    @Test
    void malformedJsonNamesLineAndColumnWithoutParserNoise() {
        assertThatThrownBy(() -> parse("{\n  \"app\": \"a\",\n  \"namespaces\": {\n"))
                .hasMessageContaining("line")
                .hasMessageNotContaining("Source:")
                .hasMessageNotContaining("REDACTED");
    }

    @Test
    void rejectsInvalidUtf8() {
        byte[] json = {'{', '"', 'a', 'p', 'p', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};
        assertThatThrownBy(() -> DeploymentManifest.parse(json))
                .isInstanceOf(DeploymentRejectedException.class)
                .extracting(e -> ((DeploymentRejectedException) e).code()).isEqualTo("bad_manifest");
    }
}
