-- Migration 1: notes, and a full-text index over their text.
--
-- notes_fts is an external-content FTS5 table: it indexes notes without keeping a second copy of
-- the text. Cairn refuses triggers, so NoteStore updates the index itself in the same event (and
-- so the same transaction) as every write to notes.
CREATE TABLE notes (
  id         INTEGER PRIMARY KEY AUTOINCREMENT, -- never reuses the id of a deleted note
  title      TEXT NOT NULL,
  body       TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE VIRTUAL TABLE notes_fts USING fts5(
  title, body,
  content = 'notes', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);
