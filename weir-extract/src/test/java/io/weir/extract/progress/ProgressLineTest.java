package io.weir.extract.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong();

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void elsewhereThanATerminalItPrintsPlainLinesAtMostEveryTenSeconds() {
        ProgressLine progress = new ProgressLine(out, false, now::get);

        progress.show("orders: 100,000 rows");
        now.addAndGet(ProgressLine.PLAIN_EVERY.toNanos() - 1);
        progress.show("orders: 200,000 rows");
        now.addAndGet(1);
        progress.show("orders: 300,000 rows");
        progress.finish();

        assertThat(printed())
                .isEqualTo("orders: 100,000 rows\norders: 300,000 rows\n")
                .doesNotContain("\r");
    }

    @Test
    void onATerminalItRewritesOneLineAndEndsIt() {
        ProgressLine progress = new ProgressLine(out, true, now::get);

        progress.show("orders: 1,000,000 rows");
        progress.show("orders: 2 rows");
        progress.finish();

        assertThat(printed()).isEqualTo("\rorders: 1,000,000 rows\rorders: 2 rows        \n");
    }

    @Test
    void afterFinishTheNextTableStartsALineOfItsOwn() {
        ProgressLine plain = new ProgressLine(out, false, now::get);
        plain.show("orders: 100,000 rows");
        plain.finish();
        plain.show("customers: 100,000 rows");
        plain.finish();
        ProgressLine terminal = new ProgressLine(out, true, now::get);
        terminal.show("orders: 1,000,000 rows");
        terminal.finish();
        terminal.finish();
        terminal.show("customers: 2 rows");
        terminal.finish();

        assertThat(printed())
                .isEqualTo("orders: 100,000 rows\ncustomers: 100,000 rows\n"
                        + "\rorders: 1,000,000 rows\n\rcustomers: 2 rows\n");
    }
}
