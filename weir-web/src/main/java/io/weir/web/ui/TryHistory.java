package io.weir.web.ui;

import static java.util.Objects.requireNonNull;

import io.weir.engine.log.TaskLogPaths;
import io.weir.store.TaskInstanceRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every try of a task instance, read from the log each try keeps: the runner writes a line when a try starts and
 * one when it ends with its state, so the log files are the per-try record (the instance row holds the latest only).
 */
public final class TryHistory {
    private static final Pattern ENDED = Pattern.compile("Try (\\d+) ended: ([A-Za-z_]+) after ([0-9.]+) s");
    private static final Pattern EXIT = Pattern.compile("exited with code (-?\\d+)");
    private static final Pattern FAILED = Pattern.compile("Task failed: (.*)");

    private TryHistory() {}

    /** One try: when it started and ended (null when unknown), its state, and how it exited. */
    public record Try(int number, Instant started, Instant ended, String state, String exit) {
        public Try {
            requireNonNull(state, "state is null");
            requireNonNull(exit, "exit is null");
        }

        public Duration duration() {
            return started == null || ended == null ? null : Duration.between(started, ended);
        }
    }

    /** The tries of {@code instance}, first to latest; the latest without an end line is still going. */
    static List<Try> read(Path logsDir, TaskInstanceRecord instance) {
        TaskLogPaths paths = new TaskLogPaths(logsDir);
        List<Try> tries = new ArrayList<>();
        for (int number = 1; number <= instance.tryNumber(); number++) {
            Path file = paths.file(instance.dagId(), instance.runId(), instance.taskId(), number);
            boolean latest = number == instance.tryNumber();
            tries.add(read(file, number, latest ? instance : null));
        }
        return tries;
    }

    private static Try read(Path file, int number, TaskInstanceRecord latest) {
        Instant started = null;
        Instant ended = null;
        String state = null;
        String exit = "";
        if (Files.exists(file)) {
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    Instant at = timestamp(line);
                    if (started == null && at != null) {
                        started = at;
                    }
                    Matcher ending = ENDED.matcher(line);
                    if (ending.find()) {
                        ended = at;
                        state = ending.group(2).toLowerCase(Locale.ROOT);
                    }
                    Matcher code = EXIT.matcher(line);
                    Matcher failure = FAILED.matcher(line);
                    if (code.find()) {
                        exit = "exit code " + code.group(1);
                    } else if (failure.find() && exit.isEmpty()) {
                        exit = failure.group(1);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (latest != null) {
            // The instance row is the authority on the latest try (it may have been marked since it ended).
            state = latest.state() == null ? "none" : latest.state().label();
            started = latest.startDate() != null ? latest.startDate() : started;
            ended = latest.endDate() != null ? latest.endDate() : ended;
        }
        if (exit.isEmpty() && "success".equals(state)) {
            exit = "ok";
        }
        return new Try(number, started, ended, state == null ? "unknown" : state, exit);
    }

    private static Instant timestamp(String line) {
        int space = line.indexOf(' ');
        if (space < 20 || space > 35) {
            return null;
        }
        try {
            return Instant.parse(line.substring(0, space));
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
