package io.cairn.samples.rooms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.samples.json.Json;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TextOperationTest {

    @Test
    void appliesRetainsInsertsAndDeletes() {
        TextOperation op = TextOperation.fromJson(List.of(6L, "brave ", 5L, -4L));

        assertThat(op.baseLength()).isEqualTo(15);
        assertThat(op.targetLength()).isEqualTo(17);
        assertThat(op.apply("hello world!!!!")).isEqualTo("hello brave world");
    }

    @Test
    void readsAndWritesTheWireForm() {
        List<Object> wire = List.of(5L, "abc", -3L, 10L);

        assertThat(TextOperation.fromJson(wire).toJson()).isEqualTo(List.of(5, "abc", -3, 10));
        assertThat(Json.write(TextOperation.fromJson(wire).toJson())).isEqualTo("[5,\"abc\",-3,10]");
    }

    @Test
    void buildsACanonicalForm() {
        TextOperation op = TextOperation.builder().retain(2).retain(3).delete(1).insert("x").delete(2).insert("y").retain(0).build();

        assertThat(op.toJson()).isEqualTo(List.of(5, "xy", -3));
        assertThat(op).isEqualTo(TextOperation.builder().retain(5).insert("xy").delete(3).build());
    }

    @Test
    void refusesMalformedWireElements() {
        for (Object bad : Arrays.asList(0L, "", 1.5, true, null, List.of(), (long) Integer.MAX_VALUE + 1)) {
            assertThatThrownBy(() -> TextOperation.fromJson(Arrays.asList(1L, bad)))
                    .as("element %s", bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("element 1");
        }
        assertThatThrownBy(() -> TextOperation.fromJson(List.of((long) Integer.MAX_VALUE, (long) Integer.MAX_VALUE)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesATextOfAnotherLength() {
        TextOperation op = TextOperation.fromJson(List.of(3L, "!"));

        assertThatThrownBy(() -> op.apply("four")).hasMessage("operation expects a text of 3 characters, got 4");
    }

    @Test
    void concurrentInsertsAtOnePlaceKeepBothFirstArgumentFirst() {
        String text = "ac";
        TextOperation a = TextOperation.builder().retain(1).insert("A").retain(1).build();
        TextOperation b = TextOperation.builder().retain(1).insert("B").retain(1).build();

        assertThat(converged(text, a, b)).isEqualTo("aABc");
    }

    @Test
    void anInsertInsideTextDeletedConcurrentlySurvives() {
        String text = "one two three";
        TextOperation deleteTwo = TextOperation.builder().retain(4).delete(4).retain(5).build();
        TextOperation editTwo = TextOperation.builder().retain(5).insert("X").retain(8).build();

        assertThat(converged(text, deleteTwo, editTwo)).isEqualTo("one Xthree");
    }

    @Test
    void textDeletedByBothIsDeletedOnce() {
        String text = "abcdef";
        TextOperation a = TextOperation.builder().retain(1).delete(3).retain(2).build();
        TextOperation b = TextOperation.builder().retain(2).delete(3).retain(1).build();

        assertThat(converged(text, a, b)).isEqualTo("af");
    }

    @Test
    void editsOfDifferentPartsBothLand() {
        String text = "title\nbody\n";
        TextOperation a = TextOperation.builder().insert("# ").retain(11).build();
        TextOperation b = TextOperation.builder().retain(6).delete(4).insert("text").retain(1).build();

        assertThat(converged(text, a, b)).isEqualTo("# title\ntext\n");
    }

    @Test
    void rebaseAppliesAnOldEditAfterEverythingSince() {
        String base = "abc";
        TextOperation first = TextOperation.builder().insert("1").retain(3).build();
        TextOperation second = TextOperation.builder().retain(4).insert("2").build();
        TextOperation late = TextOperation.builder().retain(1).delete(1).retain(1).build();

        String serverText = late.rebase(List.of(first, second)).apply(second.apply(first.apply(base)));

        assertThat(serverText).isEqualTo("1ac2");
    }

    @Test
    void transformingAnyTwoConcurrentEditsConverges() {
        Random random = new Random(2024);
        for (int i = 0; i < 20_000; i++) {
            String text = RandomEdits.text(random, random.nextInt(12));
            TextOperation a = RandomEdits.operation(random, text);
            TextOperation b = RandomEdits.operation(random, text);

            TextOperation.Transformed t = TextOperation.transform(a, b);

            assertThat(t.second().apply(a.apply(text)))
                    .as("text %s, a %s, b %s", text, a, b)
                    .isEqualTo(t.first().apply(b.apply(text)));
        }
    }

    @Test
    void transformRefusesEditsOfDifferentTexts() {
        assertThatThrownBy(() -> TextOperation.transform(TextOperation.builder().retain(2).build(), TextOperation.builder().retain(3).build()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The text after {@code a} then {@code b'}, checked equal to {@code b} then {@code a'}. */
    private static String converged(String text, TextOperation a, TextOperation b) {
        TextOperation.Transformed t = TextOperation.transform(a, b);
        String aFirst = t.second().apply(a.apply(text));
        assertThat(t.first().apply(b.apply(text))).isEqualTo(aFirst);
        return aFirst;
    }
}
