package io.cairn.samples.tenants;

/**
 * An editable text field of a note, i.e. a column of {@code notes} other than the id and the
 * timestamps.
 *
 * @param name the column name, also the JSON key
 * @param required true for a NOT NULL column without a default: a new note must give it
 */
record NoteField(String name, boolean required) {

    static final int MAX_TITLE_LENGTH = 200;
    static final int MAX_TEXT_LENGTH = 100_000;

    /** Titles are short labels; other fields are free text, kept well below SQLite's 2 MB row limit. */
    int maxLength() {
        return name.equals("title") ? MAX_TITLE_LENGTH : MAX_TEXT_LENGTH;
    }
}
