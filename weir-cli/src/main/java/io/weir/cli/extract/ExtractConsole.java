package io.weir.cli.extract;

import io.weir.cli.Dates;
import io.weir.extract.progress.ProgressLine;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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

    /** A progress line on {@code err}: rewritten in place when stderr is a terminal, plain lines when it is not. */
    static ProgressLine progress(PrintWriter err) {
        return new ProgressLine(err, stderrIsTerminal());
    }

    /**
     * Whether stderr is a terminal. Java tells only whether the JVM has a console (stdin and stdout on a terminal);
     * where Linux also tells where stderr goes, a log file or a pipe there counts as no terminal.
     */
    private static boolean stderrIsTerminal() {
        if (System.console() == null) {
            return false;
        }
        try {
            String stderr = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return stderr.startsWith("/dev/pts/") || stderr.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return true;
        }
    }
}
