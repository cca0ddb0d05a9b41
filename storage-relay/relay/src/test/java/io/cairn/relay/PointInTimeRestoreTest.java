package io.cairn.relay;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.runtime.TestApps;
import io.cairn.runtime.TestApps.Ns;
import io.cairn.runtime.TestNode;
import io.cairn.runtime.testapps.CounterObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PITR exactness against a real S3-compatible server: each instant restores exactly the writes before it. */
class PointInTimeRestoreTest {

    @TempDir
    Path tmp;

    private static String restoreBody(String key, String value) {
        return "{\"" + key + "\":\"" + value + "\"}";
    }

    @Test
    void restoringToInstantsBetweenWritesGivesExactlyTheEarlierStateAndUndoBringsTheNewerBack() throws Exception {
        try (RelayTestCluster cluster = new RelayTestCluster(tmp.resolve("s3"), "pitr");
             TestNode node = cluster.node(tmp.resolve("node"))) {
            node.deploy(TestApps.jar("counter", Ns.of("counter", CounterObject.class)));
            List<Instant> after = new ArrayList<>();
            List<String> bookmarks = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                HttpResponse<String> r = node.post("/objects/counter/p/increment", "");
                assertThat(r.body()).isEqualTo("{\"value\":" + i + "}");
                bookmarks.add(RelayChecks.bookmark(r));
                Thread.sleep(15);
                after.add(Instant.now());
                Thread.sleep(15);
            }
            assertThat(bookmarks).isSorted().doesNotHaveDuplicates();

            // The moment after write 2 and before write 3 names the state of write 2.
            HttpResponse<String> at = node.admin("GET", "/admin/v1/objects/counter/p/bookmark?at=" + after.get(1), null);
            assertThat(at.statusCode()).as(at.body()).isEqualTo(200);
            assertThat(at.body()).contains("\"bookmark\":\"" + bookmarks.get(1) + "\"");

            HttpResponse<String> restored = node.admin("POST", "/admin/v1/objects/counter/p/restore",
                    restoreBody("at", after.get(1).toString()).getBytes());
            assertThat(restored.statusCode()).as(restored.body()).isEqualTo(200);
            assertThat(restored.body()).contains("\"restoredTo\":\"" + bookmarks.get(1) + "\"")
                    .contains("\"undo\":\"" + bookmarks.get(4) + "\"");
            assertThat(node.get("/objects/counter/p").body()).isEqualTo("{\"value\":2}");

            String undo = bookmarks.get(4);
            HttpResponse<String> back = node.admin("POST", "/admin/v1/objects/counter/p/restore",
                    restoreBody("bookmark", undo).getBytes());
            assertThat(back.statusCode()).as(back.body()).isEqualTo(200);
            assertThat(node.get("/objects/counter/p").body()).isEqualTo("{\"value\":5}");

            for (int i = 0; i < 5; i++) {
                HttpResponse<String> r = node.admin("POST", "/admin/v1/objects/counter/p/restore",
                        restoreBody("at", after.get(i).toString()).getBytes());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                assertThat(node.get("/objects/counter/p").body()).isEqualTo("{\"value\":" + (i + 1) + "}");
            }

            // Writes go on from the restored state, with bookmarks still rising.
            HttpResponse<String> next = node.post("/objects/counter/p/increment", "");
            assertThat(next.body()).isEqualTo("{\"value\":6}");
            assertThat(RelayChecks.bookmark(next)).isGreaterThan(bookmarks.get(4));
        }
    }

    @Test
    void aMissingSegmentMakesTheRestoreFailNamingTheGap() throws Exception {
        try (RelayTestCluster cluster = new RelayTestCluster(tmp.resolve("s3"), "pitr-gap");
             TestNode node = cluster.node(tmp.resolve("node"))) {
            node.deploy(TestApps.jar("counter", Ns.of("counter", CounterObject.class)));
            List<String> bookmarks = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                bookmarks.add(RelayChecks.bookmark(node.post("/objects/counter/g/increment", "")));
                // Each write ships as its own segment.
                node.admin("GET", "/admin/v1/objects/counter/g/bookmark?at=" + Instant.now(), null);
            }
            try (var store = io.cairn.relay.store.MinioObjectStore.connect(cluster.s3Options())) {
                var layout = new io.cairn.relay.store.ObjectLayout(cluster.s3Options().prefix());
                var id = new io.cairn.api.ObjectId("counter", "g");
                var segments = store.list(layout.objectPrefix(id) + "segments/");
                assertThat(segments).hasSizeGreaterThanOrEqualTo(2);
                store.delete(List.of(segments.get(segments.size() - 2).key()));
            }
            HttpResponse<String> r = node.admin("POST", "/admin/v1/objects/counter/g/restore",
                    restoreBody("bookmark", bookmarks.get(2)).getBytes());
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).contains("history_gap").containsIgnoringCase("missing");
            assertThat(node.get("/objects/counter/g").body()).isEqualTo("{\"value\":3}");
        }
    }

    @Test
    void badRestoreRequestsAreRefusedWithAReason() throws Exception {
        try (RelayTestCluster cluster = new RelayTestCluster(tmp.resolve("s3"), "pitr-bad");
             TestNode node = cluster.node(tmp.resolve("node"))) {
            node.deploy(TestApps.jar("counter", Ns.of("counter", CounterObject.class)));
            node.post("/objects/counter/q/increment", "");
            assertThat(node.admin("POST", "/admin/v1/objects/counter/q/restore", "{}".getBytes()).statusCode()).isEqualTo(400);
            assertThat(node.admin("POST", "/admin/v1/objects/counter/q/restore", restoreBody("at", "yesterday").getBytes()).body())
                    .contains("bad_time");
            assertThat(node.admin("POST", "/admin/v1/objects/counter/q/restore", restoreBody("bookmark", "zz").getBytes()).body())
                    .contains("bad_bookmark");
            assertThat(node.admin("POST", "/admin/v1/objects/counter/q/restore", restoreBody("bookmark", "7fffffffffffffff").getBytes())
                    .statusCode()).isEqualTo(400);
            assertThat(node.admin("POST", "/admin/v1/objects/counter/q/restore", restoreBody("at", "2001-01-01T00:00:00Z").getBytes())
                    .statusCode()).isEqualTo(404);
            assertThat(node.post("/objects/counter/q/restore", "{}").statusCode()).isEqualTo(404);
            assertThat(node.get("/admin/v1/objects/counter/q/export").statusCode()).isEqualTo(401);
        }
    }
}
