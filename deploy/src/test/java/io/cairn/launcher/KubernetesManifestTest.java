package io.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/kubernetes: the manifest parses and hangs together (Kubernetes itself cannot run in the
 * build), and the image starts the CLI with the launcher's JVM flags.
 */
class KubernetesManifestTest {

    private Map<String, Map<String, Object>> byKindAndName;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void load() throws IOException {
        String text = Files.readString(TestPaths.repoRoot().resolve("deploy/kubernetes/cairn.yaml"));
        byKindAndName = new java.util.LinkedHashMap<>();
        for (Object doc : new Yaml().loadAll(text)) {
            if (doc == null) {
                continue;
            }
            Map<String, Object> m = (Map<String, Object>) doc;
            String name = (String) map(m, "metadata").get("name");
            assertThat(byKindAndName.put(m.get("kind") + "/" + name, m)).as("duplicate " + m.get("kind") + "/" + name).isNull();
        }
    }

    @Test
    void hasTheObjectsTheDocsDescribe() {
        assertThat(byKindAndName.keySet()).containsExactlyInAnyOrder("ServiceAccount/cairn", "Role/cairn-discovery",
                "RoleBinding/cairn-discovery", "Service/cairn-members", "Service/cairn", "StatefulSet/cairn",
                "PodDisruptionBudget/cairn");
    }

    @Test
    void theStatefulSetRunsThreeNodesDiscoveringEachOtherThroughTheHeadlessService() {
        Map<String, Object> sts = map(byKindAndName.get("StatefulSet/cairn"), "spec");
        assertThat(sts.get("replicas")).isEqualTo(4);
        assertThat(sts.get("serviceName")).isEqualTo("cairn-members");
        Map<String, Object> pod = map(map(sts, "template"), "spec");
        assertThat(pod.get("serviceAccountName")).isEqualTo("cairn");
        Map<String, Object> container = list(pod, "containers").getFirst();
        assertThat(container.get("args")).isEqualTo(List.of("node"));

        Map<String, Object> env = list(container, "env").stream().collect(Collectors.toMap(e -> (String) e.get("name"),
                e -> e.containsKey("value") ? e.get("value") : e.get("valueFrom")));
        assertThat(env.get("CAIRN_KUBERNETES_SERVICE")).isEqualTo("cairn-members");
        assertThat(env.get("CAIRN_CLUSTER_PORT")).isEqualTo("5701");
        assertThat(env.get("CAIRN_HOST")).isEqualTo("0.0.0.0");
        // Three pods: every owner has two others to replicate to, and one may be down.
        assertThat(Integer.parseInt((String) env.get("CAIRN_REPLICAS"))).isEqualTo((Integer) sts.get("replicas") - 1);
        assertThat(env.get("CAIRN_QUORUM")).isEqualTo("2");
        assertThat(env.get("CAIRN_CLUSTER_HOST")).isEqualTo(Map.of("fieldRef", Map.of("fieldPath", "status.podIP")));
        for (String s3 : List.of("CAIRN_S3_ENDPOINT", "CAIRN_S3_BUCKET", "CAIRN_S3_ACCESS_KEY", "CAIRN_S3_SECRET_KEY")) {
            assertThat(env.get(s3)).as(s3).asString().contains("secretKeyRef").contains("cairn-s3");
        }
        assertThat(env.get("CAIRN_ADMIN_TOKEN")).asString().contains("cairn-admin");

        String dataDir = (String) env.get("CAIRN_DATA");
        assertThat(list(container, "volumeMounts")).singleElement().satisfies(v -> {
            assertThat(v.get("mountPath")).isEqualTo(dataDir);
            assertThat(v.get("name")).isEqualTo(map(list(sts, "volumeClaimTemplates").getFirst(), "metadata").get("name"));
        });
        assertThat(map(map(container, "readinessProbe"), "httpGet").get("path")).isEqualTo("/readyz");
        assertThat(list(container, "ports")).extracting(p -> p.get("containerPort")).containsExactlyInAnyOrder(8787, 5701, 5702);
    }

    @Test
    void theMembersServiceIsHeadlessAndListsStartingPods() {
        Map<String, Object> spec = map(byKindAndName.get("Service/cairn-members"), "spec");
        assertThat(spec.get("clusterIP")).isEqualTo("None");
        assertThat(spec.get("publishNotReadyAddresses")).isEqualTo(true);
        assertThat(list(spec, "ports")).extracting(p -> p.get("port")).contains(5701);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theRoleLetsDiscoveryReadEndpointsPodsAndServices() {
        List<Map<String, Object>> rules = list(byKindAndName.get("Role/cairn-discovery"), "rules");
        List<Object> core = new ArrayList<>();
        for (Map<String, Object> rule : rules) {
            if (((List<?>) rule.get("apiGroups")).contains("")) {
                assertThat((List<Object>) rule.get("verbs")).contains("get", "list");
                core.addAll((List<?>) rule.get("resources"));
            }
        }
        assertThat(core).contains("endpoints", "pods", "services");
        Map<String, Object> binding = byKindAndName.get("RoleBinding/cairn-discovery");
        assertThat(map(binding, "roleRef").get("name")).isEqualTo("cairn-discovery");
        assertThat(list(binding, "subjects").getFirst().get("name")).isEqualTo("cairn");
    }

    @Test
    void theImageUsesTheLaunchersJvmFlags() throws IOException {
        Path root = TestPaths.repoRoot();
        String script = Files.readString(root.resolve("deploy/bin/cairn"));
        Matcher block = Pattern.compile("JVM_FLAGS=\\(\\n(.*?)\\n\\)", Pattern.DOTALL).matcher(script);
        assertThat(block.find()).as("JVM_FLAGS in deploy/bin/cairn").isTrue();
        String dockerfile = Files.readString(root.resolve("deploy/kubernetes/Dockerfile"));
        for (String line : block.group(1).strip().split("\\n")) {
            String quoted = "\"" + String.join("\", \"", line.strip().split(" ")) + "\"";
            assertThat(dockerfile).as("the Dockerfile's ENTRYPOINT passes " + line.strip()).contains(quoted);
        }
        assertThat(dockerfile).contains("\"io.cairn.launcher.CairnCli\"]").contains("CMD [\"node\"]");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> m, String key) {
        assertThat(m).as("has " + key).containsKey(key);
        return (Map<String, Object>) m.get(key);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> m, String key) {
        assertThat(m).as("has " + key).containsKey(key);
        return (List<Map<String, Object>>) m.get(key);
    }
}
