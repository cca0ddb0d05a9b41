package io.cairn.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.runtime.TestApps.Ns;
import io.cairn.runtime.testapps.CounterObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The input gate seen from outside: concurrent increments are serialized, none lost or repeated. */
class CounterConcurrencyTest {

    private static final Pattern VALUE = Pattern.compile("\\{\"value\":(\\d+)}");

    @Test
    void thousandConcurrentIncrementsYieldEachValueOnce(@TempDir Path data) {
        try (TestNode node = TestNode.start(data)) {
            node.deploy(TestApps.jar("counter", Ns.of("counter", CounterObject.class)));
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                calls.add(node.client().sendAsync(
                        HttpRequest.newBuilder(node.uri("/objects/counter/shared/increment"))
                                .POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            List<Long> values = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> c : calls) {
                HttpResponse<String> r = c.join();
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                Matcher m = VALUE.matcher(r.body());
                assertThat(m.matches()).as(r.body()).isTrue();
                values.add(Long.parseLong(m.group(1)));
            }
            assertThat(values).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 1000).boxed().toList());
            assertThat(node.get("/objects/counter/shared").body()).isEqualTo("{\"value\":1000}");
        }
    }
}
