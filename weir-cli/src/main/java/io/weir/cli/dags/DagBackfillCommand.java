package io.weir.cli.dags;

import io.weir.cli.CliAudit;
import io.weir.cli.Dates;
import io.weir.cli.Main;
import io.weir.cli.output.OutputFormat;
import io.weir.cli.output.OutputRenderer;
import io.weir.cli.output.Rows;
import io.weir.cli.remote.WarehouseCommand;
import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.schedule.DataInterval;
import io.weir.core.state.DagRunState;
import io.weir.engine.Weir;
import io.weir.engine.ops.BackfillRequest;
import io.weir.store.DagRunRecord;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code weir dags backfill}: every interval of a date range run in this process, within max_active_runs. */
@Command(
        name = "backfill",
        description = "Run a DAG for every interval of its schedule from START to END (logical dates, both "
                + "included), in this process, paused or not; exit 1 if any run failed.")
final class DagBackfillCommand implements Callable<Integer>, WarehouseCommand {
    @ParentCommand
    private DagsCommand dags;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DAG_ID", description = "The DAG to backfill.")
    private String dagId;

    @Option(
            names = {"-s", "--start-date"},
            required = true,
            paramLabel = "START",
            description = "The first logical date, 2024-01-01 or ISO-8601.")
    private String startDate;

    @Option(
            names = {"-e", "--end-date"},
            required = true,
            paramLabel = "END",
            description = "The last logical date, 2024-01-01 or ISO-8601.")
    private String endDate;

    @Option(
            names = "--reset-dagruns",
            description = "Clear the runs that already exist in the range and run them again.")
    private boolean resetDagRuns;

    @Option(names = "--rerun-failed-tasks", description = "Run the failed tasks of failed runs in the range again.")
    private boolean rerunFailedTasks;

    @Option(
            names = "--delay-on-limit",
            paramLabel = "SECONDS",
            defaultValue = "1",
            description = "How long to wait before trying again when max_active_runs is reached (default: "
                    + "${DEFAULT-VALUE}).")
    private double delayOnLimit;

    @Option(names = "--dry-run", description = "Only list the intervals the range covers.")
    private boolean dryRun;

    @Option(
            names = {"-y", "--yes"},
            description = "Do not ask before clearing existing runs (--reset-dagruns).")
    private boolean yes;

    @Override
    public Integer call() {
        Instant start = Dates.parse(startDate);
        Instant end = Dates.parse(endDate);
        if (!(delayOnLimit >= 0) || Double.isInfinite(delayOnLimit)) {
            throw new WeirException(
                    ErrorCode.USER_INPUT,
                    "--delay-on-limit must be a number of seconds, 0 or more, not " + delayOnLimit);
        }
        Duration delay = Duration.ofMillis(Math.round(delayOnLimit * 1000));
        BackfillRequest request = new BackfillRequest(dagId, start, end, resetDagRuns, rerunFailedTasks, delay);
        try (Weir weir = dags.main().open(true)) {
            List<DataInterval> intervals = weir.planBackfill(request);
            if (intervals.isEmpty()) {
                out().println("No interval of DAG " + dagId + "'s schedule starts between " + Dates.format(start)
                        + " and " + Dates.format(end) + "; nothing to backfill.");
                return 0;
            }
            Map<Instant, DagRunRecord> existing = existingRuns(weir, intervals);
            if (dryRun) {
                printPlan(intervals, existing);
                return 0;
            }
            if (resetDagRuns && !existing.isEmpty() && !yes) {
                confirmReset(existing);
            }
            out().println("Backfilling DAG " + dagId + ": " + count(intervals.size(), "run") + " from "
                    + Dates.format(intervals.get(0).start()) + " to "
                    + Dates.format(intervals.get(intervals.size() - 1).start()) + ".");
            out().flush();
            ProgressPrinter progress = new ProgressPrinter(out(), System.console() != null);
            List<DagRunRecord> runs =
                    weir.backfill(request, backfillProgress -> progress.show(backfillProgress.line()));
            progress.finish();
            CliAudit.record(
                    weir,
                    "backfill",
                    dagId,
                    null,
                    null,
                    runs.size() + " runs from "
                            + Dates.format(intervals.get(0).start()) + " to "
                            + Dates.format(intervals.get(intervals.size() - 1).start()));
            return summarize(runs);
        }
    }

    private Map<Instant, DagRunRecord> existingRuns(Weir weir, List<DataInterval> intervals) {
        Instant first = intervals.get(0).start();
        Instant last = intervals.get(intervals.size() - 1).start();
        Map<Instant, DagRunRecord> byDate = new LinkedHashMap<>();
        for (DagRunRecord run :
                weir.store().inTransaction(session -> session.runs().between(dagId, first, last))) {
            byDate.put(run.logicalDate(), run);
        }
        byDate.keySet().retainAll(intervals.stream().map(DataInterval::start).toList());
        return byDate;
    }

    private void printPlan(List<DataInterval> intervals, Map<Instant, DagRunRecord> existing) {
        Rows.Builder rows = Rows.builder("logical_date", "data_interval_start", "data_interval_end", "run_id", "state");
        for (DataInterval interval : intervals) {
            DagRunRecord run = existing.get(interval.start());
            rows.add(
                    interval.start(),
                    interval.start(),
                    interval.end(),
                    run == null ? null : run.runId(),
                    run == null ? null : run.state());
        }
        OutputRenderer.render(OutputFormat.TABLE, rows.build(), out());
        out().println("Dry run: " + count(intervals.size(), "interval") + " of DAG " + dagId + ", " + existing.size()
                + " with a run already; nothing was changed.");
        out().flush();
    }

    private void confirmReset(Map<Instant, DagRunRecord> existing) {
        Rows.Builder rows = Rows.builder("run_id", "state");
        existing.values().forEach(run -> rows.add(run.runId(), run.state()));
        OutputRenderer.render(OutputFormat.TABLE, rows.build(), out());
        if (!dags.main()
                .confirm("Clear " + count(existing.size(), "existing run") + " of DAG " + dagId
                        + " and run them again?")) {
            throw new WeirException(ErrorCode.USER_INPUT, "Cancelled; nothing was changed.");
        }
    }

    private int summarize(List<DagRunRecord> runs) {
        List<String> failed = runs.stream()
                .filter(run -> run.state() == DagRunState.FAILED)
                .map(DagRunRecord::runId)
                .toList();
        long succeeded =
                runs.stream().filter(run -> run.state() == DagRunState.SUCCESS).count();
        out().println("Backfill of DAG " + dagId + " done: " + count(runs.size(), "run") + ", " + succeeded
                + " success, " + failed.size() + " failed.");
        out().flush();
        if (failed.isEmpty()) {
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("error: " + failed.size() + " of " + count(runs.size(), "run") + " of DAG " + dagId + " failed ("
                + String.join(", ", failed) + "); `weir tasks states-for-dag-run " + dagId + " " + failed.get(0)
                + "` shows their tasks"
                + (rerunFailedTasks || resetDagRuns ? "" : ", and --rerun-failed-tasks runs the failed ones again")
                + ".");
        err.flush();
        return Main.EXIT_FAILURE;
    }

    private static String count(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Prints a progress line when it changes: in place on a terminal, else one line per change (for logs). */
    static final class ProgressPrinter {
        private final PrintWriter out;
        private final boolean terminal;
        private String last = "";

        ProgressPrinter(PrintWriter out, boolean terminal) {
            this.out = out;
            this.terminal = terminal;
        }

        void show(String line) {
            if (line.equals(last)) {
                return;
            }
            if (terminal) {
                // Spaces wipe what a longer previous line left on the screen.
                out.print("\r" + line + " ".repeat(Math.max(0, last.length() - line.length())));
            } else {
                out.println(line);
            }
            out.flush();
            last = line;
        }

        void finish() {
            if (terminal && !last.isEmpty()) {
                out.println();
                out.flush();
            }
        }
    }
}
