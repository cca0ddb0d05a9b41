package io.cairn.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cairn.api.ObjectId;
import io.cairn.runtime.TestApps.Ns;
import io.cairn.runtime.testapps.AlarmObject;
import io.cairn.runtime.testapps.CounterObject;
import io.cairn.runtime.testapps.GreeterV1;
import io.cairn.runtime.testapps.GreeterV2;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Eviction, restart, alarms and redeployment, all through real files and real HTTP. */
class LifecycleTest {

    @TempDir
    Path data;

    @Test
    void evictionThenReactivationKeepsTheData() {
        try (TestNode node = TestNode.start(data)) {
            node.deploy(TestApps.jar("counter", Ns.of("counter", CounterObject.class)));
            node.post("/objects/counter/e/increment?by=5", "");
            ObjectId id = new ObjectId("counter", "e");
            assertThat(node.node().host().isLive(id)).isTrue();
            node.node().host().evict(id);
            await().atMost(Duration.ofSeconds(5)).until(() -> !node.node().host().isLive(id));
            assertThat(node.post("/objects/counter/e/increment", "").body()).isEqualTo("{\"value\":6}");
        }
    }

    @Test
    void idleObjectsAreEvictedAndTheLiveCountIsCapped() {
        try (TestNode node = TestNode.start(data, b -> b.idleTimeout(Duration.ofMillis(400)).maxLiveObjects(3))) {
            node.deploy(TestApps.jar("counter", Ns.of("counter", CounterObject.class)));
            for (int i = 0; i < 8; i++) {
                node.post("/objects/counter/o" + i + "/increment", "");
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> node.node().host().liveCount() <= 3);
            await().atMost(Duration.ofSeconds(5)).until(() -> node.node().host().liveCount() == 0);
            for (int i = 0; i < 8; i++) {
                assertThat(node.get("/objects/counter/o" + i).body()).isEqualTo("{\"value\":1}");
            }
        }
    }

    @Test
    void dataAndDeploymentsSurviveARestart() {
        try (TestNode node = TestNode.start(data)) {
            node.deploy(TestApps.jar("counter", Ns.of("counter", CounterObject.class)));
            node.post("/objects/counter/r/increment?by=41", "");
        }
        try (TestNode node = TestNode.start(data)) {
            assertThat(node.post("/objects/counter/r/increment", "").body()).isEqualTo("{\"value\":42}");
        }
    }

    @Test
    void alarmSetBeforeARestartFiresAfterIt() {
        try (TestNode node = TestNode.start(data)) {
            node.deploy(TestApps.jar("alarms", Ns.of("alarm", AlarmObject.class)));
            assertThat(node.post("/objects/alarm/a/set?inMs=1500", "").statusCode()).isEqualTo(200);
            assertThat(node.get("/objects/alarm/a/fired").body()).isEmpty();
        }
        try (TestNode node = TestNode.start(data)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> node.get("/objects/alarm/a/fired").body().equals("0"));
            assertThat(node.get("/objects/alarm/a/get").body()).isEqualTo("none");
        }
    }

    @Test
    void failingAlarmIsRetriedWithBackoff() {
        try (TestNode node = TestNode.start(data, b -> b.alarmRetryBase(Duration.ofMillis(100)))) {
            node.deploy(TestApps.jar("alarms", Ns.of("alarm", AlarmObject.class).with("failTimes", "2")));
            node.post("/objects/alarm/b/set?inMs=0", "");
            await().atMost(Duration.ofSeconds(10)).until(() -> node.get("/objects/alarm/b/fired").body().equals("2"));
            assertThat(node.get("/objects/alarm/b/get").body()).isEqualTo("none");
        }
    }

    @Test
    void alarmThatAlwaysFailsIsDroppedAfterTheRetries() {
        try (TestNode node = TestNode.start(data, b -> b.alarmRetryBase(Duration.ofMillis(20)).alarmMaxRetries(3))) {
            node.deploy(TestApps.jar("alarms", Ns.of("alarm", AlarmObject.class).with("failTimes", "99")));
            node.post("/objects/alarm/c/set?inMs=0", "");
            await().atMost(Duration.ofSeconds(10)).until(() -> node.get("/objects/alarm/c/get").body().equals("none"));
            assertThat(node.get("/objects/alarm/c/fired").body()).isEmpty();
        }
    }

    @Test
    void redeployingANamespaceSwitchesLiveObjectsToTheNewCodeKeepingData() {
        try (TestNode node = TestNode.start(data)) {
            node.deploy(TestApps.jar("greeter", Ns.of("greeter", GreeterV1.class).with("greeting", "hello")));
            assertThat(node.get("/objects/greeter/g").body()).isEqualTo("v1 visits=1 greeting=hello");
            assertThat(node.get("/objects/greeter/g").body()).isEqualTo("v1 visits=2 greeting=hello");
            node.deploy(TestApps.jar("greeter", Ns.of("greeter", GreeterV2.class).with("greeting", "hi")));
            assertThat(node.get("/objects/greeter/g").body()).isEqualTo("v2 visits=3 greeting=hi");
            assertThat(node.admin("GET", "/admin/v1/deployments", null).body())
                    .contains("\"version\":1").contains("\"version\":2").contains("GreeterV2");
        }
        try (TestNode node = TestNode.start(data)) {
            assertThat(node.get("/objects/greeter/g").body()).isEqualTo("v2 visits=4 greeting=hi");
        }
    }
}
