package io.cairn.samples.tenants;

import io.cairn.api.SqlRow;
import io.cairn.api.SqlStorage;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A tenant's notes and their full-text index.
 *
 * <p>The note's fields are read from the schema at activation rather than written into the code:
 * a migration that adds a column to {@code notes} (and to {@code notes_fts}) adds a field to the
 * API without any Java change. A note is rendered as its row: {@code id}, the fields, then
 * {@code created_at} and {@code updated_at}.
 *
 * <p>{@code notes_fts} indexes {@code notes} as external content, so every write here also tells
 * the index: remove a row's old text before changing it, add its new text after. Both happen in the
 * same event, hence the same transaction, so the index is never out of step with the notes.
 */
final class NoteStore {

    private static final Set<String> BOOKKEEPING_COLUMNS = Set.of("id", "created_at", "updated_at");

    private final SqlStorage sql;
    private final List<NoteField> fields;
    /** The select list of a note: id, the fields, the timestamps, in the order its JSON shows them. */
    private final String noteColumns;
    private final String indexedColumns;

    private NoteStore(SqlStorage sql, List<NoteField> fields, List<String> indexed) {
        this.sql = sql;
        this.fields = Collections.unmodifiableList(fields);
        List<String> columns = new ArrayList<>();
        columns.add("id");
        fields.forEach(field -> columns.add(field.name()));
        columns.add("created_at");
        columns.add("updated_at");
        this.noteColumns = columns.stream().map(column -> "notes." + quote(column)).collect(Collectors.joining(", "));
        this.indexedColumns = columnList(indexed);
    }

    /** Reads the current schema; call after {@link SchemaMigrations#migrate}. */
    static NoteStore open(SqlStorage sql) {
        List<NoteField> fields = new ArrayList<>();
        for (SqlRow column : sql.exec("PRAGMA table_info(notes)")) {
            String name = column.getString("name");
            if (!BOOKKEEPING_COLUMNS.contains(name)) {
                boolean required = column.getLong("notnull") == 1 && column.get("dflt_value") == null;
                fields.add(new NoteField(name, required));
            }
        }
        List<String> indexed = new ArrayList<>();
        for (SqlRow column : sql.exec("PRAGMA table_info(notes_fts)")) {
            indexed.add(column.getString("name"));
        }
        return new NoteStore(sql, fields, indexed);
    }

    List<NoteField> fields() {
        return fields;
    }

    Map<String, Object> create(NoteInput input) {
        String now = now();
        List<String> names = new ArrayList<>(input.values().keySet());
        List<Object> bindings = new ArrayList<>(input.values().values());
        names.add("created_at");
        names.add("updated_at");
        bindings.add(now);
        bindings.add(now);
        long id = sql.exec("INSERT INTO notes (" + columnList(names) + ") VALUES (" + placeholders(names.size()) + ") RETURNING id",
                bindings.toArray()).one().getLong("id");
        index(id);
        return find(id).orElseThrow();
    }

    Optional<Map<String, Object>> find(long id) {
        List<SqlRow> rows = sql.exec("SELECT " + noteColumns + " FROM notes WHERE id = ?", id).toList();
        return rows.stream().findFirst().map(SqlRow::asMap);
    }

    /** Changes the given fields of note {@code id}; empty when there is no such note. */
    Optional<Map<String, Object>> update(long id, NoteInput input) {
        if (find(id).isEmpty()) {
            return Optional.empty();
        }
        String assignments = input.values().keySet().stream()
                .map(name -> quote(name) + " = ?")
                .collect(Collectors.joining(", "));
        List<Object> bindings = new ArrayList<>(input.values().values());
        bindings.add(now());
        bindings.add(id);
        unindex(id);
        sql.exec("UPDATE notes SET " + assignments + ", updated_at = ? WHERE id = ?", bindings.toArray());
        index(id);
        return find(id);
    }

    /** Deletes note {@code id}; false when there is no such note. */
    boolean delete(long id) {
        if (find(id).isEmpty()) {
            return false;
        }
        unindex(id);
        sql.exec("DELETE FROM notes WHERE id = ?", id);
        return true;
    }

    /** The most recently created notes first. */
    List<Map<String, Object>> newest(int limit) {
        return rows(sql.exec("SELECT " + noteColumns + " FROM notes ORDER BY id DESC LIMIT ?", limit));
    }

    /** Notes matching an FTS5 expression (see {@link FtsQuery}), best match first. */
    List<Map<String, Object>> search(String ftsQuery, int limit) {
        return rows(sql.exec("SELECT " + noteColumns + " FROM notes_fts JOIN notes ON notes.id = notes_fts.rowid"
                + " WHERE notes_fts MATCH ? ORDER BY notes_fts.rank LIMIT ?", ftsQuery, limit));
    }

    /** Adds the note's current text to the index. */
    private void index(long id) {
        sql.exec("INSERT INTO notes_fts (rowid, " + indexedColumns + ") SELECT id, " + indexedColumns
                + " FROM notes WHERE id = ?", id);
    }

    /** Removes the note's current text from the index; FTS5 needs the exact old values to do so. */
    private void unindex(long id) {
        sql.exec("INSERT INTO notes_fts (notes_fts, rowid, " + indexedColumns + ") SELECT 'delete', id, " + indexedColumns
                + " FROM notes WHERE id = ?", id);
    }

    private static List<Map<String, Object>> rows(Iterable<SqlRow> cursor) {
        List<Map<String, Object>> notes = new ArrayList<>();
        cursor.forEach(row -> notes.add(row.asMap()));
        return notes;
    }

    private static String columnList(List<String> names) {
        return names.stream().map(NoteStore::quote).collect(Collectors.joining(", "));
    }

    /** Column names come from our own schema, but quoting keeps any name a plain identifier. */
    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** RFC 3339 in UTC to the millisecond, e.g. 2025-01-31T09:30:00.123Z. */
    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }
}
