package io.cairn.samples.tenants;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.api.ObjectId;
import io.cairn.api.Request;
import io.cairn.api.Response;
import io.cairn.samples.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP API of one tenant, with its database in memory. */
class TenantTest {

    private final SqliteStorage storage = new SqliteStorage();
    private final Tenant tenant = new Tenant(new TestContext(new ObjectId("tenants", "acme"), storage));

    @AfterEach
    void close() throws Exception {
        storage.close();
    }

    @Test
    void createsReadsUpdatesAndDeletesANote() {
        Response created = call("POST", "/notes", "{\"title\":\"Pricing\",\"body\":\"New tiers\"}");

        assertThat(created.status()).isEqualTo(201);
        Map<String, Object> note = json(created);
        assertThat(note).containsEntry("id", 1L).containsEntry("title", "Pricing").containsEntry("body", "New tiers")
                .containsKeys("created_at", "updated_at");

        assertThat(json(call("GET", "/notes/1", ""))).isEqualTo(note);

        Response updated = call("PUT", "/notes/1", "{\"body\":\"Final tiers\"}");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(json(updated)).containsEntry("title", "Pricing").containsEntry("body", "Final tiers");

        assertThat(call("DELETE", "/notes/1", "").status()).isEqualTo(204);
        assertThat(call("GET", "/notes/1", "").status()).isEqualTo(404);
        assertThat(call("DELETE", "/notes/1", "").status()).isEqualTo(404);
    }

    @Test
    void everyFieldOfTheSchemaCanBeWrittenAndSearched() {
        List<String> fields = NoteStore.open(storage.sql()).fields().stream().map(NoteField::name).toList();
        Map<String, Object> values = new java.util.LinkedHashMap<>();
        fields.forEach(field -> values.put(field, "zq" + field));

        Map<String, Object> note = json(call("POST", "/notes", Json.write(values)));

        assertThat(note).containsAllEntriesOf(values);
        for (String field : fields) {
            assertThat(titles("/notes?q=zq" + field)).as("search in %s", field).containsExactly("zqtitle");
        }
    }

    @Test
    void idsOfDeletedNotesAreNotReused() {
        call("POST", "/notes", "{\"title\":\"one\"}");
        call("POST", "/notes", "{\"title\":\"two\"}");
        call("DELETE", "/notes/2", "");

        assertThat(json(call("POST", "/notes", "{\"title\":\"three\"}"))).containsEntry("id", 3L);
    }

    @Test
    void searchFindsNotesWithEveryWordAndFollowsEdits() {
        call("POST", "/notes", "{\"title\":\"Pricing meeting\",\"body\":\"Running late with the tiers\"}");
        call("POST", "/notes", "{\"title\":\"Café\",\"body\":\"espresso machine\"}");

        assertThat(titles("/notes?q=run+tiers")).containsExactly("Pricing meeting");
        assertThat(titles("/notes?q=cafe")).containsExactly("Café");
        assertThat(titles("/notes?q=tiers+espresso")).isEmpty();

        call("PUT", "/notes/2", "{\"body\":\"tea\"}");

        assertThat(titles("/notes?q=espresso")).isEmpty();
        assertThat(titles("/notes?q=tea")).containsExactly("Café");

        call("DELETE", "/notes/2", "");

        assertThat(titles("/notes?q=tea")).isEmpty();
    }

    @Test
    void withoutAQueryListsTheNewestFirst() {
        for (int i = 1; i <= 5; i++) {
            call("POST", "/notes", "{\"title\":\"note " + i + "\"}");
        }

        assertThat(titles("/notes")).containsExactly("note 5", "note 4", "note 3", "note 2", "note 1");
        assertThat(titles("/notes?limit=2")).containsExactly("note 5", "note 4");
        assertThat(titles("/notes?q=%20%20")).hasSize(5);
        assertThat(titles("/notes?q=***")).isEmpty();
    }

    @Test
    void badInputGetsA400NamingTheProblem() {
        assertThat(error(call("POST", "/notes", "{\"title\":3}"))).isEqualTo("field 'title' must be a string");
        assertThat(error(call("POST", "/notes", "{\"title\":\"x\",\"color\":\"red\"}"))).startsWith("unknown field 'color'");
        assertThat(error(call("POST", "/notes", "{"))).startsWith("invalid JSON");
        assertThat(error(call("GET", "/notes?limit=1000", ""))).contains("'limit'");
        assertThat(call("GET", "/notes/abc", "").status()).isEqualTo(404);
        assertThat(call("PUT", "/notes/1", "not even json").status()).isEqualTo(404);
    }

    @Test
    void unknownRoutesAndMethodsAreRefused() {
        assertThat(call("GET", "/", "").status()).isEqualTo(404);
        Response patch = call("PATCH", "/notes", "");
        assertThat(patch.status()).isEqualTo(405);
        assertThat(patch.headers().first("allow")).contains("GET, POST");
    }

    private Response call(String method, String path, String body) {
        return tenant.fetch(Request.builder(method, path).body(body).build());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(Response response) {
        return (Map<String, Object>) Json.parse(response.bodyAsString());
    }

    @SuppressWarnings("unchecked")
    private List<String> titles(String path) {
        Response response = call("GET", path, "");
        assertThat(response.status()).isEqualTo(200);
        List<Map<String, Object>> notes = (List<Map<String, Object>>) json(response).get("notes");
        return notes.stream().map(note -> (String) note.get("title")).toList();
    }

    @SuppressWarnings("unchecked")
    private static String error(Response response) {
        assertThat(response.status()).isEqualTo(400);
        return (String) ((Map<String, Object>) json(response).get("error")).get("message");
    }
}
