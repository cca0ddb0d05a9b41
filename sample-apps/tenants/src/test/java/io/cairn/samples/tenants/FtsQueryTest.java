package io.cairn.samples.tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FtsQueryTest {

    @Test
    void eachWordBecomesAQuotedPhrase() {
        assertThat(FtsQuery.fromWords("  pricing   tiers ")).contains("\"pricing\" \"tiers\"");
    }

    @Test
    void operatorsAndSyntaxAreSearchedAsText() {
        assertThat(FtsQuery.fromWords("a AND b NEAR(c) d*")).contains("\"a\" \"AND\" \"b\" \"NEAR(c)\" \"d*\"");
        assertThat(FtsQuery.fromWords("say \"hi\"")).contains("\"say\" \"\"\"hi\"\"\"");
        assertThat(FtsQuery.fromWords("title:secret ^start")).contains("\"title:secret\" \"^start\"");
        assertThat(FtsQuery.fromWords("cut\u0000here")).contains("\"cut\" \"here\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "***", "\" \"", "-- () {} :^", "\t\n", "\u0000"})
    void inputWithoutLettersOrDigitsSearchesNothing(String words) {
        assertThat(FtsQuery.fromWords(words)).isEmpty();
    }

    @Test
    void nothingTypedBreaksTheFts5Query() throws Exception {
        try (SqliteStorage storage = new SqliteStorage()) {
            SchemaMigrations.migrate(storage, SchemaMigrations.bundled());
            NoteStore notes = NoteStore.open(storage.sql());
            notes.create(new NoteInput(Map.of("title", "Quarterly \"pricing\" review", "body", "AND OR NOT NEAR e-mail café")));
            Random random = new Random(7);
            String alphabet = "ab AND OR NOT NEAR \"'*^:()+-{}[],.;/\\|é😀\u0000\t";

            for (int i = 0; i < 3_000; i++) {
                StringBuilder words = new StringBuilder();
                for (int n = random.nextInt(15); n > 0; n--) {
                    words.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                String typed = words.toString();

                assertThatCode(() -> FtsQuery.fromWords(typed).ifPresent(query -> notes.search(query, 10)))
                        .as("searching for %s", typed)
                        .doesNotThrowAnyException();
            }
            assertThat(notes.search(FtsQuery.fromWords("\"pricing\" AND").orElseThrow(), 10)).hasSize(1);
            assertThat(notes.search(FtsQuery.fromWords("email").orElseThrow(), 10)).isEmpty();
            assertThat(notes.search(FtsQuery.fromWords("e-mail cafe").orElseThrow(), 10)).hasSize(1);
        }
    }
}
