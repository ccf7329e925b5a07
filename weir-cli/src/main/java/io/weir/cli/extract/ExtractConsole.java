package io.weir.cli.extract;

import io.weir.cli.Dates;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;

/** What the {@code weir extract} commands share: how long they wait for the warehouse, and stderr as their console. */
final class ExtractConsole {
    /** How long an extract waits for a warehouse file another process holds. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private ExtractConsole() {}

    /** The run id an extract run by hand records its loads under, as a manual run's would be named. */
    static String manualRunId() {
        return "manual__" + Dates.format(Instant.now().atOffset(ZoneOffset.UTC));
    }

    /** Each message as one line on {@code err}, shown at once. */
    static Consumer<String> lines(PrintWriter err) {
        return message -> {
            err.println(message);
            err.flush();
        };
    }
}
