package io.cairn.relay.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BookmarksTest {

    @Test
    void formatIsSixteenLowerCaseHexDigitsInNumericOrder() {
        assertThat(Bookmarks.format(0)).isEqualTo("0000000000000000");
        assertThat(Bookmarks.format(255)).isEqualTo("00000000000000ff");
        assertThat(Bookmarks.format(Long.MAX_VALUE)).isEqualTo("7fffffffffffffff");
        assertThat(Bookmarks.format(9)).isLessThan(Bookmarks.format(10));
        assertThat(Bookmarks.format(0xfff)).isLessThan(Bookmarks.format(0x1000));
        for (long t : new long[] {0, 1, 42, 1L << 40, Long.MAX_VALUE}) {
            assertThat(Bookmarks.parse(Bookmarks.format(t))).isEqualTo(t);
        }
    }

    @Test
    void anythingElseIsNotABookmark() {
        for (String s : new String[] {"", "ff", "00000000000000FF", "000000000000000g", "ffffffffffffffff",
                " 000000000000000", "00000000000000000", "-000000000000001"}) {
            assertThatThrownBy(() -> Bookmarks.parse(s)).as(s).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("not a bookmark: ");
        }
        assertThatThrownBy(() -> Bookmarks.parse(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Bookmarks.format(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
