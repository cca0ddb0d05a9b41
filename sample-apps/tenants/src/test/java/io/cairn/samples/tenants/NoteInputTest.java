package io.cairn.samples.tenants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.samples.json.HttpError;
import io.cairn.samples.json.JsonException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NoteInputTest {

    private static final List<NoteField> FIELDS = List.of(new NoteField("title", true), new NoteField("body", false));

    @Test
    void aNewNoteNeedsItsRequiredFieldsOnly() {
        assertThat(NoteInput.forCreate("{\"title\":\"Plan\"}", FIELDS).values()).isEqualTo(Map.of("title", "Plan"));
        assertThat(NoteInput.forCreate("{\"title\":\"Plan\",\"body\":\"\"}", FIELDS).values())
                .isEqualTo(Map.of("title", "Plan", "body", ""));
        assertThatThrownBy(() -> NoteInput.forCreate("{\"body\":\"text\"}", FIELDS))
                .isInstanceOf(HttpError.class).hasMessage("field 'title' is required (a string)");
    }

    @Test
    void anUpdateNeedsAtLeastOneField() {
        assertThat(NoteInput.forUpdate("{\"body\":\"new\"}", FIELDS).values()).isEqualTo(Map.of("body", "new"));
        assertThatThrownBy(() -> NoteInput.forUpdate("{}", FIELDS))
                .isInstanceOf(HttpError.class).hasMessage("nothing to update: give at least one of title, body");
    }

    @Test
    void fieldsThisVersionDoesNotHaveAreRefusedByName() {
        assertThatThrownBy(() -> NoteInput.forCreate("{\"title\":\"t\",\"tags\":\"x\"}", FIELDS))
                .isInstanceOf(HttpError.class).hasMessage("unknown field 'tags': a note has title, body");
    }

    @Test
    void valuesAreCheckedByField() {
        String longTitle = "t".repeat(NoteField.MAX_TITLE_LENGTH + 1);

        assertThatThrownBy(() -> NoteInput.forCreate("{\"title\":\"" + longTitle + "\"}", FIELDS))
                .hasMessage("field 'title' is longer than 200 characters");
        assertThatThrownBy(() -> NoteInput.forCreate("{\"title\":\"  \"}", FIELDS))
                .hasMessage("field 'title' must not be blank");
        assertThatThrownBy(() -> NoteInput.forUpdate("{\"body\":42}", FIELDS))
                .isInstanceOf(JsonException.class).hasMessage("field 'body' must be a string");
        assertThatThrownBy(() -> NoteInput.forUpdate("{\"body\":null}", FIELDS))
                .isInstanceOf(JsonException.class);
        assertThatThrownBy(() -> NoteInput.forCreate("title=x", FIELDS)).isInstanceOf(JsonException.class);
    }
}
