package io.weir.cli.dags;

import io.weir.cli.Dates;
import io.weir.cli.Main;
import io.weir.cli.output.OutputFormat;
import io.weir.cli.output.OutputRenderer;
import io.weir.cli.output.Rows;
import io.weir.cli.remote.WarehouseCommand;
import io.weir.cli.server.ConsoleListener;
import io.weir.core.state.TaskState;
import io.weir.engine.Weir;
import io.weir.engine.ops.DagTest;
import io.weir.store.DagRunRecord;
import io.weir.store.TaskInstanceRecord;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code weir dags test}: one whole run of a DAG in this process, as a developer checks a DAG before shipping it. */
@Command(
        name = "test",
        description = "Run a whole DAG once in this process (paused or not), printing each task as it finishes, then "
                + "a state table; exit 1 unless the run succeeded.")
final class DagTestCommand implements Callable<Integer>, WarehouseCommand {
    @ParentCommand
    private DagsCommand dags;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DAG_ID", description = "The DAG to run.")
    private String dagId;

    @Parameters(
            index = "1",
            arity = "0..1",
            paramLabel = "DATE",
            description = "The run's logical date, 2024-01-01 or ISO-8601 (default: today 00:00 UTC). A run already "
                    + "at that date is cleared and run again.")
    private String logicalDate;

    @Override
    public Integer call() {
        Instant date = logicalDate == null
                ? LocalDate.now(ZoneOffset.UTC).atStartOfDay(ZoneOffset.UTC).toInstant()
                : Dates.parse(logicalDate);
        PrintWriter out = spec.commandLine().getOut();
        try (Weir weir = dags.main().open(true)) {
            DagTest.Result result = weir.test(dagId, date, new ConsoleListener(out));
            Rows.Builder rows = Rows.builder("task_id", "state", "try_number", "duration");
            for (TaskInstanceRecord instance : result.instances()) {
                rows.add(instance.taskId(), instance.state(), instance.tryNumber(), instance.durationSeconds());
            }
            OutputRenderer.render(OutputFormat.TABLE, rows.build(), out);
            if (result.succeeded()) {
                return 0;
            }
            PrintWriter err = spec.commandLine().getErr();
            err.println("error: " + failure(result.run(), result.instances()));
            err.flush();
            return Main.EXIT_FAILURE;
        }
    }

    /** One sentence naming the failed tasks and where their logs are. */
    static String failure(DagRunRecord run, List<TaskInstanceRecord> instances) {
        List<String> failed = instances.stream()
                .filter(instance -> instance.state() == TaskState.FAILED)
                .map(TaskInstanceRecord::taskId)
                .toList();
        String sentence = "Run " + run.runId() + " of DAG " + run.dagId() + " ended " + run.state();
        if (failed.isEmpty()) {
            return sentence + ".";
        }
        return sentence + ": " + (failed.size() == 1 ? "task " : "tasks ") + String.join(", ", failed)
                + " failed; `weir tasks logs " + run.dagId() + " " + failed.get(0) + " " + run.runId() + "` shows why.";
    }
}
