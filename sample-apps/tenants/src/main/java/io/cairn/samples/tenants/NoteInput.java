package io.cairn.samples.tenants;

import io.cairn.samples.json.HttpError;
import io.cairn.samples.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The field values of a validated {@code POST /notes} or {@code PUT /notes/{id}} body. Only the
 * note's current fields are accepted, so a client learns at once when it sends a field this
 * version does not have.
 */
record NoteInput(Map<String, String> values) {

    /** A body for a new note: every required field present and not blank. */
    static NoteInput forCreate(String body, List<NoteField> fields) {
        NoteInput input = parse(body, fields);
        for (NoteField field : fields) {
            if (field.required() && !input.values.containsKey(field.name())) {
                throw HttpError.badRequest("field '" + field.name() + "' is required (a string)");
            }
        }
        return input;
    }

    /** A body for an update: the fields to change, at least one. */
    static NoteInput forUpdate(String body, List<NoteField> fields) {
        NoteInput input = parse(body, fields);
        if (input.values.isEmpty()) {
            throw HttpError.badRequest("nothing to update: give at least one of " + names(fields));
        }
        return input;
    }

    private static NoteInput parse(String body, List<NoteField> fields) {
        JsonObject json = JsonObject.parse(body);
        Map<String, NoteField> byName = fields.stream().collect(Collectors.toMap(NoteField::name, f -> f));
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : json.names()) {
            NoteField field = byName.get(name);
            if (field == null) {
                throw HttpError.badRequest("unknown field '" + name + "': a note has " + names(fields));
            }
            values.put(name, checked(field, json.string(name)));
        }
        return new NoteInput(values);
    }

    private static String checked(NoteField field, String value) {
        if (value.length() > field.maxLength()) {
            throw HttpError.badRequest("field '" + field.name() + "' is longer than " + field.maxLength() + " characters");
        }
        if (field.required() && value.isBlank()) {
            throw HttpError.badRequest("field '" + field.name() + "' must not be blank");
        }
        return value;
    }

    private static String names(List<NoteField> fields) {
        return fields.stream().map(NoteField::name).collect(Collectors.joining(", "));
    }
}
