package io.cairn.samples.e2e;

import static org.awaitility.Awaitility.await;

import io.cairn.runtime.TestNode;
import java.time.Duration;
import org.awaitility.core.ConditionTimeoutException;

/** Node helpers shared by the WebSocket tests. */
final class Nodes {

    private Nodes() {
    }

    /**
     * Closes {@code node} once it has seen the tests' WebSockets close. A socket's close event that
     * reaches its object after the node's shutdown began re-activates the object, and shutdown then
     * waits its full 30 s for it (a runtime issue, reported); waiting here keeps the tests fast.
     */
    static void closeAfterSockets(TestNode node) {
        try {
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
                    .until(() -> node.node().host().hub().count() == 0);
        } catch (ConditionTimeoutException stillOpen) {
            // a socket the test left open: the node closes it
        }
        node.close();
    }
}
