package io.cairn.samples.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.runtime.TestNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** tenants.jar and tenants-v2.jar on a real node: notes, full-text search, isolation, a schema migration. */
class TenantsE2ETest {

    @TempDir
    Path data;
    TestNode node;

    @BeforeEach
    void start() {
        node = TestNode.start(data);
        node.deploy(AppJars.tenants());
    }

    @AfterEach
    void stop() {
        node.close();
    }

    private static String notes(String tenant) {
        return "/objects/tenants/" + tenant + "/notes";
    }

    private JsonNode create(String tenant, Map<String, String> note) {
        return Http.json(Http.post(node, notes(tenant), note), 201);
    }

    private JsonNode get(String tenant, long id) {
        return Http.json(node.get(notes(tenant) + "/" + id), 200);
    }

    /** The ids of the notes a search finds, best match first. */
    private List<Long> search(String tenant, String words) {
        return ids(Http.json(node.get(notes(tenant) + "?q=" + URLEncoder.encode(words, StandardCharsets.UTF_8)), 200));
    }

    private List<Long> newest(String tenant) {
        return ids(Http.json(node.get(notes(tenant)), 200));
    }

    private static List<Long> ids(JsonNode list) {
        assertThat(list.path("notes").isArray()).as("notes in " + list).isTrue();
        List<Long> ids = new ArrayList<>();
        list.path("notes").forEach(n -> ids.add(n.path("id").asLong()));
        return ids;
    }

    private static List<String> fieldNames(JsonNode note) {
        List<String> names = new ArrayList<>();
        note.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void createReadUpdateDelete() {
        JsonNode created = create("acme", Map.of("title", "Pricing meeting", "body", "Running late on the new tiers"));
        long id = created.path("id").asLong();
        assertThat(id).isEqualTo(1);
        assertThat(fieldNames(created)).containsExactly("id", "title", "body", "created_at", "updated_at");
        assertThat(created.path("title").asText()).isEqualTo("Pricing meeting");
        assertThat(created.path("body").asText()).isEqualTo("Running late on the new tiers");
        Instant createdAt = Instant.parse(created.path("created_at").asText());
        assertThat(created.path("updated_at").asText()).isEqualTo(created.path("created_at").asText());
        assertThat(get("acme", id)).isEqualTo(created);

        // A body defaults to "" and a second note gets the next id.
        JsonNode second = create("acme", Map.of("title", "Second"));
        assertThat(second.path("id").asLong()).isEqualTo(2);
        assertThat(second.path("body").asText()).isEmpty();
        assertThat(newest("acme")).containsExactly(2L, 1L);

        // PUT changes only the fields it names.
        JsonNode updated = Http.json(Http.put(node, notes("acme") + "/" + id, Map.of("body", "tea")), 200);
        assertThat(updated.path("id").asLong()).isEqualTo(id);
        assertThat(updated.path("title").asText()).isEqualTo("Pricing meeting");
        assertThat(updated.path("body").asText()).isEqualTo("tea");
        assertThat(updated.path("created_at")).isEqualTo(created.path("created_at"));
        assertThat(Instant.parse(updated.path("updated_at").asText())).isAfterOrEqualTo(createdAt);
        assertThat(get("acme", id)).isEqualTo(updated);

        // Bad input names the field; unknown notes are 404.
        assertThat(Http.error(Http.post(node, notes("acme"), Map.of("body", "no title")), 400, "bad_request")).contains("'title'");
        assertThat(Http.error(Http.post(node, notes("acme"), Map.of("title", "x", "tags", "y")), 400, "bad_request")).contains("'tags'");
        assertThat(Http.error(Http.put(node, notes("acme") + "/" + id, Map.of()), 400, "bad_request")).contains("title");
        Http.error(node.get(notes("acme") + "/99"), 404, "not_found");
        Http.error(node.get(notes("acme") + "/abc"), 404, "not_found");
        Http.error(Http.put(node, notes("acme") + "/99", Map.of("body", "x")), 404, "not_found");

        var deleted = Http.delete(node, notes("acme") + "/" + id);
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        Http.error(node.get(notes("acme") + "/" + id), 404, "not_found");
        Http.error(Http.delete(node, notes("acme") + "/" + id), 404, "not_found");
        assertThat(newest("acme")).containsExactly(2L);
        // Ids are never reused after a delete.
        assertThat(create("acme", Map.of("title", "Third")).path("id").asLong()).isEqualTo(3);
    }

    @Test
    void fullTextSearchFindsNotesByTheirWords() {
        long pricing = create("acme", Map.of("title", "Pricing meeting", "body", "Running late on the new tiers")).path("id").asLong();
        long cafe = create("acme", Map.of("title", "Café list", "body", "espresso, flat white")).path("id").asLong();
        long roadmap = create("acme", Map.of("title", "Roadmap", "body", "new search and new tiers for 2026")).path("id").asLong();

        assertThat(search("acme", "run tiers")).containsExactly(pricing);          // stems: run finds Running
        assertThat(search("acme", "cafe")).containsExactly(cafe);                  // without accents
        assertThat(search("acme", "TIERS")).containsExactlyInAnyOrder(pricing, roadmap);
        assertThat(search("acme", "espresso white")).containsExactly(cafe);
        assertThat(search("acme", "espresso tiers")).isEmpty();                     // every word must match
        assertThat(search("acme", "nothing-like-this")).isEmpty();
        assertThat(search("acme", "\"tiers\" AND (NEAR")).isEmpty();                // query syntax is searched for, not parsed

        // The index follows updates and deletes.
        Http.json(Http.put(node, notes("acme") + "/" + cafe, Map.of("body", "green tea")), 200);
        assertThat(search("acme", "espresso")).isEmpty();
        assertThat(search("acme", "green tea")).containsExactly(cafe);
        assertThat(Http.delete(node, notes("acme") + "/" + pricing).statusCode()).isEqualTo(204);
        assertThat(search("acme", "tiers")).containsExactly(roadmap);
    }

    @Test
    void tenantsDoNotSeeEachOthersNotes() {
        long secret = create("acme", Map.of("title", "Acme secret plans", "body", "rocket skates")).path("id").asLong();

        Http.error(node.get(notes("globex") + "/" + secret), 404, "not_found");
        assertThat(search("globex", "rocket")).isEmpty();
        assertThat(newest("globex")).isEmpty();
        Http.error(Http.put(node, notes("globex") + "/" + secret, Map.of("body", "overwritten")), 404, "not_found");
        Http.error(Http.delete(node, notes("globex") + "/" + secret), 404, "not_found");

        // Each tenant has its own database, so globex's first note also gets id 1.
        JsonNode globexNote = create("globex", Map.of("title", "Globex rocket budget"));
        assertThat(globexNote.path("id").asLong()).isEqualTo(secret);
        assertThat(search("globex", "rocket")).containsExactly(secret);
        assertThat(get("globex", secret).path("title").asText()).isEqualTo("Globex rocket budget");
        assertThat(search("acme", "budget")).isEmpty();
        JsonNode acmeNote = get("acme", secret);
        assertThat(acmeNote.path("title").asText()).isEqualTo("Acme secret plans");
        assertThat(acmeNote.path("body").asText()).isEqualTo("rocket skates");
    }

    @Test
    void deployingV2MigratesEachTenantOnItsNextRequest() {
        JsonNode first = create("acme", Map.of("title", "Before v2", "body", "old note about invoices"));
        JsonNode second = create("acme", Map.of("title", "Also before v2"));
        create("initech", Map.of("title", "Initech before v2", "body", "staplers"));
        Http.error(Http.post(node, notes("acme"), Map.of("title", "x", "tags", "y")), 400, "bad_request");

        node.deploy(AppJars.tenantsV2());

        // Old notes have the new column with its default, and everything else as it was.
        JsonNode migrated = get("acme", first.path("id").asLong());
        assertThat(fieldNames(migrated)).containsExactly("id", "title", "body", "tags", "created_at", "updated_at");
        assertThat(migrated.path("tags").asText()).isEmpty();
        for (String field : List.of("id", "title", "body", "created_at", "updated_at")) {
            assertThat(migrated.path(field)).as(field).isEqualTo(first.path(field));
        }
        JsonNode list = Http.json(node.get(notes("acme")), 200);
        assertThat(ids(list)).containsExactly(second.path("id").asLong(), first.path("id").asLong());
        list.path("notes").forEach(note -> assertThat(note.path("tags").isTextual() && note.path("tags").asText().isEmpty())
                .as("tags of " + note).isTrue());

        // Writes with tags work, and search covers tags as well as the old text (the index was rebuilt).
        JsonNode tagged = create("acme", Map.of("title", "After v2", "body", "new note", "tags", "urgent billing"));
        assertThat(tagged.path("id").asLong()).isEqualTo(3);
        assertThat(tagged.path("tags").asText()).isEqualTo("urgent billing");
        JsonNode retagged = Http.json(Http.put(node, notes("acme") + "/" + first.path("id").asLong(), Map.of("tags", "archive")), 200);
        assertThat(retagged.path("tags").asText()).isEqualTo("archive");
        assertThat(retagged.path("body").asText()).isEqualTo("old note about invoices");
        assertThat(search("acme", "archive")).containsExactly(first.path("id").asLong());
        assertThat(search("acme", "urgent")).containsExactly(3L);
        assertThat(search("acme", "invoices")).containsExactly(first.path("id").asLong());
        assertThat(search("acme", "before")).containsExactlyInAnyOrder(first.path("id").asLong(), second.path("id").asLong());

        // Another tenant migrates on its own next request, keeping its notes searchable.
        assertThat(search("initech", "staplers")).containsExactly(1L);
        assertThat(get("initech", 1).path("tags").asText()).isEmpty();
    }
}
