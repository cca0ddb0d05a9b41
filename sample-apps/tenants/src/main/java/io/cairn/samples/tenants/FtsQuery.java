package io.cairn.samples.tenants;

import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * Turns what a user typed into an FTS5 query that matches notes containing every word.
 *
 * <p>User input never reaches FTS5's query syntax: {@code AND}, {@code NEAR}, {@code *},
 * {@code ^}, {@code :}, parentheses and stray quotes would otherwise be operators or syntax errors.
 * Each word (split at whitespace and control characters) becomes a quoted phrase (the tokenizer
 * still splits it, so {@code e-mail} matches "e mail"), and the phrases are joined with FTS5's
 * implicit AND. Control characters must go: FTS5 reads the query as a C string, so a NUL would
 * cut it short inside a quote.
 */
final class FtsQuery {

    private static final Pattern WORD_SEPARATORS = Pattern.compile("[\\s\\p{Cntrl}]+");

    private FtsQuery() {
    }

    /** The FTS5 MATCH expression for {@code words}; empty when they contain nothing searchable. */
    static Optional<String> fromWords(String words) {
        StringJoiner query = new StringJoiner(" ");
        for (String word : WORD_SEPARATORS.split(words)) {
            // A word without a letter or digit would be an empty phrase, which matches nothing useful.
            if (word.codePoints().anyMatch(Character::isLetterOrDigit)) {
                query.add('"' + word.replace("\"", "\"\"") + '"');
            }
        }
        return query.length() == 0 ? Optional.empty() : Optional.of(query.toString());
    }
}
