package io.weir.cli.server;

import io.weir.core.dag.DagFileError;
import io.weir.engine.scheduler.SchedulerListener;
import io.weir.store.DagRunRecord;
import io.weir.store.TaskInstanceRecord;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/** Prints one line per finished task and run, and import errors as they appear and go, for a terminal. */
public final class ConsoleListener implements SchedulerListener {
    private final PrintWriter out;

    public ConsoleListener(PrintStream out) {
        this(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
    }

    /** Prints to a command's own output (what {@code dags test} prints goes where picocli sends it). */
    public ConsoleListener(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void taskFinished(TaskInstanceRecord instance) {
        Double seconds = instance.durationSeconds();
        String took = seconds == null ? "" : String.format(Locale.ROOT, " %.1f s", seconds);
        String extra =
                switch (instance.state()) {
                    case UP_FOR_RETRY -> " (try " + instance.tryNumber() + " of " + instance.maxTries()
                            + ", will retry)";
                    case FAILED -> " (try " + instance.tryNumber() + " of " + instance.maxTries()
                            + "; `weir tasks logs " + instance.dagId() + " " + instance.taskId() + " "
                            + instance.runId() + "` shows why)";
                    default -> "";
                };
        line(instance.dagId() + " › " + instance.taskId() + " " + symbol(instance) + took + extra);
    }

    @Override
    public void taskDecided(TaskInstanceRecord instance) {
        line(instance.dagId() + " › " + instance.taskId() + " " + symbol(instance));
    }

    @Override
    public void runFinished(DagRunRecord run) {
        line(run.dagId() + " run " + run.runId() + " " + run.state());
    }

    @Override
    public void importErrorsChanged(List<DagFileError> errors) {
        if (errors.isEmpty()) {
            line("All DAG files load again.");
        }
        for (DagFileError error : errors) {
            line("Import error: " + error.file() + ":" + error.line() + ":" + error.column() + ": " + error.message());
        }
    }

    private static String symbol(TaskInstanceRecord instance) {
        return switch (instance.state()) {
            case SUCCESS -> "✔";
            case FAILED -> "✘ failed";
            case UP_FOR_RETRY -> "↻ up_for_retry";
            case SKIPPED -> "⤼ skipped";
            case UPSTREAM_FAILED -> "✘ upstream_failed";
            case REMOVED -> "removed";
            case NONE, SCHEDULED, QUEUED, RUNNING, UP_FOR_RESCHEDULE -> instance.state()
                    .label();
        };
    }

    private synchronized void line(String text) {
        out.println(text);
        out.flush();
    }
}
