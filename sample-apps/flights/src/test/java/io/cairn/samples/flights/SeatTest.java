package io.cairn.samples.flights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SeatTest {

    @Test
    void everyRowAndLetterParses() {
        for (int row = 1; row <= 30; row++) {
            for (char letter = 'A'; letter <= 'F'; letter++) {
                String label = row + String.valueOf(letter);

                assertThat(Seat.parse(label)).as(label).contains(new Seat(row, letter));
            }
        }
    }

    @Test
    void lowerCaseLettersAreAccepted() {
        assertThat(Seat.parse("12c")).contains(new Seat(12, 'C'));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0A", "31A", "99F", "1G", "1Z", "01A", "A1", "1", "A", "", " 1A", "1A ", "1AA", "12-C", "1é",
            "١A", "100A", "-1A", "1A\u0000", "garbage"})
    void labelsOutsideTheCabinAreRejected(String label) {
        assertThat(Seat.parse(label)).as(label).isEmpty();
    }

    @Test
    void allListsTheCabinFrontToBack() {
        List<Seat> all = Seat.all();

        assertThat(all).hasSize(180).doesNotHaveDuplicates();
        assertThat(all.getFirst().label()).isEqualTo("1A");
        assertThat(all.get(5).label()).isEqualTo("1F");
        assertThat(all.get(6).label()).isEqualTo("2A");
        assertThat(all.getLast().label()).isEqualTo("30F");
        assertThat(all).allSatisfy(seat -> assertThat(Seat.parse(seat.label())).contains(seat));
    }

    @Test
    void seatsOutsideTheCabinCannotBeMade() {
        assertThatThrownBy(() -> new Seat(31, 'A')).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Seat(1, 'G')).isInstanceOf(IllegalArgumentException.class);
    }
}
