package io.cairn.samples.tenants;

import io.cairn.api.DurableObject;
import io.cairn.api.ObjectContext;
import io.cairn.api.Request;
import io.cairn.api.Response;
import io.cairn.samples.json.HttpError;
import io.cairn.samples.json.Json;
import io.cairn.samples.json.JsonException;
import io.cairn.samples.json.JsonResponses;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One tenant: its notes in its own SQL database, searchable by full text. Tenants share nothing,
 * so one tenant's load, schema migration or restore never touches another's.
 *
 * <ul>
 *   <li>{@code POST /notes} {@code {"title":"..","body":".."}} → 201 the note</li>
 *   <li>{@code GET /notes?q=words&limit=N} → 200 {@code {"notes":[...]}}: notes with every word,
 *       best match first; without {@code q}, the newest notes</li>
 *   <li>{@code GET|PUT|DELETE /notes/{id}} → 200 the note (PUT changes the fields given), 204 after
 *       DELETE; 404 {@code not_found} for an unknown id</li>
 * </ul>
 */
public final class Tenant implements DurableObject {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    private static final String NOTES = "/notes";

    private final NoteStore notes;

    public Tenant(ObjectContext ctx) {
        // Activation is the one place every tenant passes through, so a new JAR migrates each
        // tenant's database on that tenant's next request: no fleet-wide migration job needed.
        SchemaMigrations.migrate(ctx.storage(), SchemaMigrations.bundled());
        this.notes = NoteStore.open(ctx.storage().sql());
    }

    @Override
    public Response fetch(Request request) {
        try {
            return route(request);
        } catch (HttpError e) {
            return JsonResponses.error(e);
        } catch (JsonException e) {
            return JsonResponses.badRequest(e);
        }
    }

    private Response route(Request request) {
        String path = request.path();
        String method = request.method();
        if (path.equals(NOTES)) {
            return switch (method) {
                case "GET" -> list(request);
                case "POST" -> create(request);
                default -> JsonResponses.methodNotAllowed(method, "GET", "POST");
            };
        }
        if (path.startsWith(NOTES + "/")) {
            String id = path.substring(NOTES.length() + 1);
            return switch (method) {
                case "GET" -> JsonResponses.ok(found(id, noteId(id).flatMap(notes::find)));
                case "PUT" -> update(id, request);
                case "DELETE" -> delete(id);
                default -> JsonResponses.methodNotAllowed(method, "GET", "PUT", "DELETE");
            };
        }
        return JsonResponses.notFound(path);
    }

    private Response list(Request request) {
        int limit = limit(request);
        String words = request.queryParam("q").orElse("");
        List<Map<String, Object>> found;
        if (words.isBlank()) {
            found = notes.newest(limit);
        } else {
            found = FtsQuery.fromWords(words).map(query -> notes.search(query, limit)).orElse(List.of());
        }
        return JsonResponses.ok(Json.object("notes", found));
    }

    private Response create(Request request) {
        NoteInput input = NoteInput.forCreate(request.bodyAsString(), notes.fields());
        return JsonResponses.created(notes.create(input));
    }

    private Response update(String id, Request request) {
        Optional<Long> noteId = noteId(id);
        if (noteId.isEmpty() || notes.find(noteId.get()).isEmpty()) {
            throw noSuchNote(id); // before reading the body: an unknown note is the first thing to report
        }
        NoteInput input = NoteInput.forUpdate(request.bodyAsString(), notes.fields());
        return JsonResponses.ok(found(id, notes.update(noteId.get(), input)));
    }

    private Response delete(String id) {
        if (!noteId(id).map(notes::delete).orElse(false)) {
            throw noSuchNote(id);
        }
        return JsonResponses.noContent();
    }

    private static int limit(Request request) {
        Optional<String> raw = request.queryParam("limit");
        if (raw.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(raw.get());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below, like an out-of-range number
        }
        throw HttpError.badRequest("query parameter 'limit' must be a whole number from 1 to " + MAX_LIMIT);
    }

    /** Note ids are positive integers; anything else names no note. */
    private static Optional<Long> noteId(String id) {
        if (!id.matches("[1-9][0-9]{0,17}")) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(id));
    }

    private static Map<String, Object> found(String id, Optional<Map<String, Object>> note) {
        return note.orElseThrow(() -> noSuchNote(id));
    }

    private static HttpError noSuchNote(String id) {
        return HttpError.notFound("no note '" + id + "'");
    }
}
