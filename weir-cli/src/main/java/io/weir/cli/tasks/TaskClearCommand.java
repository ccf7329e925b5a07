package io.weir.cli.tasks;

import io.weir.cli.CliAudit;
import io.weir.cli.Dates;
import io.weir.cli.output.OutputFormat;
import io.weir.cli.output.OutputRenderer;
import io.weir.cli.output.Rows;
import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.engine.Weir;
import io.weir.engine.ops.ClearRequest;
import io.weir.store.TaskInstanceRecord;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code weir tasks clear}: task instances reset so the scheduler runs them again. */
@Command(
        name = "clear",
        description = "Reset task instances to none so the scheduler runs them again; their runs go back to running "
                + "and a running one is stopped and run again.")
final class TaskClearCommand implements Callable<Integer> {
    @ParentCommand
    private TasksCommand tasks;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DAG_ID", description = "The DAG.")
    private String dagId;

    @Option(
            names = {"-t", "--task-regex"},
            paramLabel = "REGEX",
            description = "Only tasks whose id this regular expression finds (default: every task).")
    private String taskRegex;

    @Option(
            names = {"-s", "--start-date"},
            paramLabel = "START",
            description = "Only runs with this logical date or later.")
    private String startDate;

    @Option(
            names = {"-e", "--end-date"},
            paramLabel = "END",
            description = "Only runs with this logical date or earlier.")
    private String endDate;

    @Option(
            names = {"-f", "--only-failed"},
            description = "Only failed and upstream_failed instances.")
    private boolean onlyFailed;

    @Option(
            names = {"-d", "--downstream"},
            description = "Also the chosen tasks' downstream tasks.")
    private boolean downstream;

    @Option(
            names = {"-u", "--upstream"},
            description = "Also the chosen tasks' upstream tasks.")
    private boolean upstream;

    @Option(
            names = {"-y", "--yes"},
            description = "Do not ask for confirmation.")
    private boolean yes;

    @Override
    public Integer call() {
        Instant start = startDate == null ? null : Dates.parse(startDate);
        Instant end = endDate == null ? null : Dates.parse(endDate);
        ClearRequest request = new ClearRequest(dagId, taskRegex, start, end, null, onlyFailed, downstream, upstream);
        PrintWriter out = spec.commandLine().getOut();
        try (Weir weir = tasks.main().open(true)) {
            List<TaskInstanceRecord> preview = weir.previewClear(request);
            if (preview.isEmpty()) {
                out.println("No task instances of DAG " + dagId + " match; nothing was cleared.");
                out.flush();
                return 0;
            }
            Rows.Builder rows = Rows.builder("run_id", "task_id", "state", "try_number");
            for (TaskInstanceRecord instance : preview) {
                rows.add(instance.runId(), instance.taskId(), instance.state(), instance.tryNumber());
            }
            OutputRenderer.render(OutputFormat.TABLE, rows.build(), out);
            if (!yes && !tasks.main().confirm("Clear these " + describe(preview) + "?")) {
                throw new WeirException(ErrorCode.USER_INPUT, "Cancelled; nothing was cleared.");
            }
            List<TaskInstanceRecord> cleared = weir.clear(request);
            CliAudit.record(weir, "clear", dagId, request.runId(), request.taskRegex(), describe(cleared));
            out.println("Cleared " + describe(cleared) + " of DAG " + dagId + "; the scheduler runs them again.");
            out.flush();
            return 0;
        }
    }

    private static String describe(List<TaskInstanceRecord> instances) {
        long runs = instances.stream().map(TaskInstanceRecord::runId).distinct().count();
        return instances.size() + (instances.size() == 1 ? " task instance" : " task instances") + " in " + runs
                + (runs == 1 ? " run" : " runs");
    }
}
