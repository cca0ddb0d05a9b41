package io.cairn.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The progress lines of restore and export: what they draw, and that they draw nothing off a terminal. */
class ProgressTest {

    @Test
    void byteProgressShowsABarAndPercentageWhenTheTotalIsKnown() {
        assertThat(ByteProgress.render("exporting counter/x", 512 * 1024, OptionalLong.of(1024 * 1024)))
                .isEqualTo("exporting counter/x [###############---------------]  50%  512.0 KiB of 1.0 MiB");
        assertThat(ByteProgress.render("e", 10, OptionalLong.of(10))).contains("[" + "#".repeat(30) + "] 100%");
        assertThat(ByteProgress.render("e", 0, OptionalLong.of(10))).contains("[" + "-".repeat(30) + "]   0%");
    }

    @Test
    void byteProgressShowsACountWhenTheTotalIsUnknown() {
        assertThat(ByteProgress.render("exporting counter/x", 3 * 1024 * 1024 + 300_000, OptionalLong.empty()))
                .isEqualTo("exporting counter/x  3.3 MiB");
    }

    @Test
    void spinnerShowsElapsedSeconds() {
        assertThat(Spinner.render("restoring counter/x", 0, Duration.ofMillis(12_400))).isEqualTo("| restoring counter/x ... 12 s");
        assertThat(Spinner.render("r", 5, Duration.ZERO)).startsWith("/ r");
    }

    @Test
    void anEnabledStatusLineRewritesInPlaceAndErasesItselfOnClose() {
        StringWriter err = new StringWriter();
        try (StatusLine line = new StatusLine(new PrintWriter(err), true)) {
            line.show("long text");
            line.show("short");
        }
        assertThat(err.toString()).isEqualTo("\rlong text\rshort    \r" + " ".repeat(5) + "\r");
    }

    @Test
    void aDisabledStatusLineWritesNothing() {
        StringWriter err = new StringWriter();
        StatusLine line = new StatusLine(new PrintWriter(err), false);
        new ByteProgress(line, "exporting", OptionalLong.of(100)).update(50);
        assertThat(Spinner.around(line, "restoring", () -> "done")).isEqualTo("done");
        line.close();
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void theSpinnerDrawsWhileWorkRunsAndLeavesAClearedLine() {
        StringWriter err = new StringWriter();
        StatusLine line = new StatusLine(new PrintWriter(err), true);
        String result = Spinner.around(line, "restoring counter/x", () -> {
            try {
                Thread.sleep(450);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return "ok";
        });
        assertThat(result).isEqualTo("ok");
        assertThat(err.toString()).startsWith("\r| restoring counter/x ... 0 s").contains("\r/ restoring counter/x").endsWith("\r");
        String lastDraw = err.toString().substring(err.toString().lastIndexOf('\r', err.toString().length() - 2));
        assertThat(lastDraw.strip()).isEmpty();
    }

    @Test
    void byteCountsReadForPeople() {
        assertThat(Text.bytes(0)).isEqualTo("0 B");
        assertThat(Text.bytes(1023)).isEqualTo("1023 B");
        assertThat(Text.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(Text.bytes(5L * 1024 * 1024 * 1024)).isEqualTo("5.0 GiB");
    }
}
