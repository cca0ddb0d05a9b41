-- Migration 2 (tenants v2): notes get tags, and search covers them.
--
-- Existing notes get '' from the column default. The index is recreated with the new column and
-- rebuilt from notes, which FTS5 does in one statement for external-content tables.
ALTER TABLE notes ADD COLUMN tags TEXT NOT NULL DEFAULT '';

DROP TABLE notes_fts;

CREATE VIRTUAL TABLE notes_fts USING fts5(
  title, body, tags,
  content = 'notes', content_rowid = 'id',
  tokenize = 'porter unicode61 remove_diacritics 2'
);

INSERT INTO notes_fts (notes_fts) VALUES ('rebuild');
