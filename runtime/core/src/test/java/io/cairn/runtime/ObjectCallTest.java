package io.cairn.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.runtime.TestApps.Ns;
import io.cairn.runtime.testapps.CallerObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Object-to-object calls and the rule for call chains that loop back. */
class ObjectCallTest {

    @Test
    void callReturnsTheCalleesResponseAndLoopsAreRefusedNotDeadlocked(@TempDir Path data) {
        try (TestNode node = TestNode.start(data)) {
            node.deploy(TestApps.jar("calls", Ns.of("caller", CallerObject.class)));

            HttpResponse<String> direct = node.get("/objects/caller/a/call?ns=caller&name=b&path=/echo");
            assertThat(direct.statusCode()).isEqualTo(200);
            assertThat(direct.body()).isEqualTo("via a: I am b");

            // a → b → a: b's call back into a is refused; b's handler does not catch, so a gets b's 500.
            String loop = "/objects/caller/a/call?ns=caller&name=b&path=%2Fcall%3Fns%3Dcaller%26name%3Da";
            HttpResponse<String> cycle = node.get(loop);
            assertThat(cycle.statusCode()).isEqualTo(500);
            assertThat(cycle.body()).contains("via a:").contains("ObjectCallCycleException").contains("caller/a");

            HttpResponse<String> self = node.get("/objects/caller/s/call?ns=caller&name=s");
            assertThat(self.statusCode()).isEqualTo(500);
            assertThat(self.body()).contains("ObjectCallCycleException");

            HttpResponse<String> unknown = node.get("/objects/caller/a/call?ns=nosuch&name=x");
            assertThat(unknown.statusCode()).isEqualTo(500);
            assertThat(unknown.body()).contains("ObjectCallException").contains("unknown namespace");
        }
    }
}
