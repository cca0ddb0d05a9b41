package io.cairn.samples.rooms;

import io.cairn.api.SqlRow;
import io.cairn.api.SqlStorage;
import io.cairn.samples.json.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The room's shared text and the recent edits that made it.
 *
 * <p>The room is the single sequencer: edits arrive one at a time (the object is single-threaded),
 * each naming the version it was made on. An edit made on an older version is transformed over
 * the edits applied since (see {@link TextOperation#transform}), applied, and becomes the next
 * version. The last {@value #KEPT_EDITS} edits are kept for that; a client further behind is sent
 * the whole document again.
 */
final class SharedDocument {

    static final int MAX_LENGTH = 100_000;
    static final int KEPT_EDITS = 500;

    /** The document at one version. */
    record State(long version, String text) {
    }

    /** An accepted edit: the version it made and the operation as applied to the previous version. */
    record Applied(long version, TextOperation operation) {
    }

    private final SqlStorage sql;

    SharedDocument(SqlStorage sql) {
        this.sql = sql;
    }

    void createIfAbsent() {
        sql.exec("""
                CREATE TABLE IF NOT EXISTS document (
                  id      INTEGER PRIMARY KEY CHECK (id = 1),  -- one document per room
                  version INTEGER NOT NULL,
                  text    TEXT NOT NULL
                )""");
        sql.exec("INSERT OR IGNORE INTO document (id, version, text) VALUES (1, 0, '')");
        sql.exec("""
                CREATE TABLE IF NOT EXISTS document_edits (
                  version INTEGER PRIMARY KEY,  -- the version this edit produced
                  author  TEXT NOT NULL,
                  ops     TEXT NOT NULL,        -- the operation as applied, in its JSON wire form
                  at      TEXT NOT NULL
                )""");
    }

    State current() {
        SqlRow row = sql.exec("SELECT version, text FROM document WHERE id = 1").one();
        return new State(row.getLong("version"), row.getString("text"));
    }

    /**
     * Applies {@code operation}, made by {@code author} on version {@code baseVersion}; throws
     * {@link RoomError} when it cannot (the client should then reload the document).
     */
    Applied submit(long baseVersion, TextOperation operation, String author) {
        State state = current();
        List<TextOperation> concurrent = editsSince(baseVersion, state.version());
        int baseLength = concurrent.isEmpty() ? state.text().length() : concurrent.getFirst().baseLength();
        if (operation.baseLength() != baseLength) {
            throw new RoomError("bad_edit", "the edit is for a text of " + operation.baseLength()
                    + " characters, but version " + baseVersion + " has " + baseLength);
        }
        TextOperation op = operation.rebase(concurrent);
        String text = op.apply(state.text());
        if (text.length() > MAX_LENGTH) {
            throw new RoomError("document_too_long", "the document may hold at most " + MAX_LENGTH + " characters");
        }
        if (hasUnpairedSurrogate(text)) {
            throw new RoomError("bad_edit", "the edit splits a character (an unpaired UTF-16 surrogate)");
        }
        long version = state.version() + 1;
        sql.exec("UPDATE document SET version = ?, text = ? WHERE id = 1", version, text);
        sql.exec("INSERT INTO document_edits (version, author, ops, at) VALUES (?, ?, ?, ?)",
                version, author, Json.write(op.toJson()), Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        sql.exec("DELETE FROM document_edits WHERE version <= ?", version - KEPT_EDITS);
        return new Applied(version, op);
    }

    /** The edits that made versions {@code baseVersion + 1 .. current}, oldest first. */
    private List<TextOperation> editsSince(long baseVersion, long current) {
        if (baseVersion < 0 || baseVersion > current) {
            throw new RoomError("unknown_version", "version " + baseVersion + " does not exist; the document is at " + current);
        }
        List<TextOperation> edits = new ArrayList<>();
        for (SqlRow row : sql.exec("SELECT ops FROM document_edits WHERE version > ? ORDER BY version", baseVersion)) {
            edits.add(TextOperation.fromJson((List<?>) Json.parse(row.getString("ops"))));
        }
        if (edits.size() != current - baseVersion) {
            throw new RoomError("stale_version", "version " + baseVersion + " is too old to merge with; reload the document");
        }
        return edits;
    }

    private static boolean hasUnpairedSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
