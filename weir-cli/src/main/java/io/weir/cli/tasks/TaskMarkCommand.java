package io.weir.cli.tasks;

import io.weir.cli.CliAudit;
import io.weir.cli.Projects;
import io.weir.cli.output.OutputFormat;
import io.weir.cli.output.OutputRenderer;
import io.weir.cli.output.Rows;
import io.weir.core.state.TaskState;
import io.weir.engine.Weir;
import io.weir.store.DagRunRecord;
import io.weir.store.TaskInstanceRecord;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code weir tasks mark}: a task instance set to success or failed by hand, and its run settled. */
@Command(
        name = "mark",
        description = "Set a task instance (and, if asked, its downstream or upstream instances in the same run) to "
                + "success or failed; a running one is stopped. The run's state follows.")
final class TaskMarkCommand implements Callable<Integer> {
    @ParentCommand
    private TasksCommand tasks;

    @Spec
    private CommandSpec spec;

    @Mixin
    private TaskInstanceArguments arguments;

    @Option(
            names = "--state",
            required = true,
            paramLabel = "STATE",
            converter = MarkStateConverter.class,
            description = "success or failed.")
    private TaskState state;

    @Option(
            names = {"-d", "--downstream"},
            description = "Also the task's downstream instances.")
    private boolean downstream;

    @Option(
            names = {"-u", "--upstream"},
            description = "Also the task's upstream instances.")
    private boolean upstream;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Weir weir = tasks.main().open(true)) {
            weir.requireDag(arguments.dagId);
            DagRunRecord run = Projects.resolveRun(weir, arguments.dagId, arguments.runIdOrDate);
            Map<String, TaskState> before = new HashMap<>();
            weir.store()
                    .inTransaction(session -> session.taskInstances().forRun(arguments.dagId, run.runId()))
                    .forEach(instance -> before.put(instance.taskId(), instance.state()));
            List<TaskInstanceRecord> changed =
                    weir.mark(arguments.dagId, arguments.taskId, run.runId(), state, downstream, upstream);
            CliAudit.record(
                    weir,
                    "mark." + state.name().toLowerCase(java.util.Locale.ROOT),
                    arguments.dagId,
                    run.runId(),
                    arguments.taskId,
                    changed.size() + " changed");
            if (changed.isEmpty()) {
                out.println("Nothing changed: the chosen task instances of run " + run.runId() + " are " + state
                        + " already or have not been scheduled yet.");
            } else {
                Rows.Builder rows = Rows.builder("task_id", "previous_state", "state");
                for (TaskInstanceRecord instance : changed) {
                    rows.add(instance.taskId(), before.get(instance.taskId()), instance.state());
                }
                OutputRenderer.render(OutputFormat.TABLE, rows.build(), out);
                out.println("Marked " + changed.size() + (changed.size() == 1 ? " task instance " : " task instances ")
                        + state + " in run " + run.runId() + ".");
            }
            DagRunRecord after = weir.resolveRun(arguments.dagId, run.runId());
            out.println("Run " + run.runId() + " of DAG " + arguments.dagId + " is " + after.state() + ".");
            out.flush();
            return 0;
        }
    }

    /** Reads {@code --state}: only success and failed can be set by hand. */
    static final class MarkStateConverter implements ITypeConverter<TaskState> {
        @Override
        public TaskState convert(String value) {
            return switch (value.strip().toLowerCase(Locale.ROOT)) {
                case "success" -> TaskState.SUCCESS;
                case "failed" -> TaskState.FAILED;
                default -> throw new TypeConversionException(
                        "'" + value + "' is not a state a task can be marked; use success or failed");
            };
        }
    }
}
