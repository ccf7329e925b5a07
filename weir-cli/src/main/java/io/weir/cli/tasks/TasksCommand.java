package io.weir.cli.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.weir.cli.Main;
import io.weir.cli.Projects;
import io.weir.cli.output.OutputOption;
import io.weir.cli.output.OutputRenderer;
import io.weir.cli.output.Rows;
import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.dag.Dag;
import io.weir.core.state.TaskState;
import io.weir.engine.Weir;
import io.weir.engine.log.TaskLogPaths;
import io.weir.store.DagRunRecord;
import io.weir.store.TaskInstanceRecord;
import io.weir.store.XComRecord;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code weir tasks}: task instances of a run, their logs and their XComs. */
@Command(
        name = "tasks",
        description = "Inspect, run, clear and mark task instances.",
        addMethodSubcommands = false) // its subcommands: io.weir.cli.CommandGroups
public final class TasksCommand implements Runnable {
    /** The subcommands in their own classes, built only when named (see io.weir.cli.CommandGroups). */
    public static final List<Class<?>> SUBCOMMAND_CLASSES =
            List.of(TaskRunCommand.class, TaskClearCommand.class, TaskMarkCommand.class);

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /** The {@code weir} command this runs under, for the subcommands in their own classes. */
    Main main() {
        return main;
    }

    @Command(name = "state", description = "Print the state of one task instance.")
    int state(
            @Parameters(index = "0", paramLabel = "DAG_ID", description = "The DAG.") String dagId,
            @Parameters(index = "1", paramLabel = "TASK_ID", description = "The task.") String taskId,
            @Parameters(index = "2", paramLabel = "DATE", description = "The run: its logical date or its run id.")
                    String runIdOrDate) {
        try (Weir weir = main.openToRead()) {
            Projects.requireDagId(weir, dagId);
            DagRunRecord run = Projects.resolveRun(weir, dagId, runIdOrDate);
            Optional<TaskInstanceRecord> instance = findInstance(weir, run, taskId);
            if (instance.isEmpty()) {
                requireTask(weir.dagBag().find(dagId), dagId, taskId);
            }
            out().println(instance.map(TaskInstanceRecord::state)
                    .orElse(TaskState.NONE)
                    .label());
            return 0;
        }
    }

    @Command(name = "states-for-dag-run", description = "List the task instances of one run with their states.")
    int statesForDagRun(
            @Parameters(index = "0", paramLabel = "DAG_ID", description = "The DAG.") String dagId,
            @Parameters(index = "1", paramLabel = "RUN_ID_OR_DATE", description = "The run id or the logical date.")
                    String runIdOrDate,
            @Mixin OutputOption output) {
        try (Weir weir = main.openToRead()) {
            Optional<Dag> dag = Projects.requireKnownDag(weir, dagId);
            DagRunRecord run = Projects.resolveRun(weir, dagId, runIdOrDate);
            List<TaskInstanceRecord> instances = new ArrayList<>(weir.store()
                    .inTransaction(session -> session.taskInstances().forRun(dagId, run.runId())));
            // The DAG file's order reads like the pipeline; tasks it no longer has go last.
            List<String> order =
                    dag.map(found -> List.copyOf(found.tasks().keySet())).orElse(List.of());
            instances.sort(Comparator.comparingInt((TaskInstanceRecord instance) -> {
                        int index = order.indexOf(instance.taskId());
                        return index < 0 ? Integer.MAX_VALUE : index;
                    })
                    .thenComparing(TaskInstanceRecord::taskId));
            Rows.Builder rows = Rows.builder(
                    "dag_id", "run_id", "execution_date", "task_id", "state", "try_number", "start_date", "end_date");
            for (TaskInstanceRecord instance : instances) {
                rows.add(
                        instance.dagId(),
                        instance.runId(),
                        run.logicalDate(),
                        instance.taskId(),
                        instance.state(),
                        instance.tryNumber(),
                        instance.startDate(),
                        instance.endDate());
            }
            OutputRenderer.render(output.format(), rows.build(), out());
            return 0;
        }
    }

    @Command(name = "logs", description = "Print the log of a task instance's latest try, or of the try given.")
    int logs(
            @Parameters(index = "0", paramLabel = "DAG_ID", description = "The DAG.") String dagId,
            @Parameters(index = "1", paramLabel = "TASK_ID", description = "The task.") String taskId,
            @Parameters(index = "2", paramLabel = "DATE", description = "The run: its logical date or its run id.")
                    String runIdOrDate,
            @Option(names = "--try", paramLabel = "N", description = "The try to show (default: the latest).")
                    Integer tryNumber) {
        try (Weir weir = main.openToRead()) {
            Projects.requireDagId(weir, dagId);
            DagRunRecord run = Projects.resolveRun(weir, dagId, runIdOrDate);
            String where = "task " + taskId + " of DAG " + dagId + " in run " + run.runId();
            TaskInstanceRecord instance = findInstance(weir, run, taskId).orElseThrow(() -> {
                requireTask(weir.dagBag().find(dagId), dagId, taskId);
                return new WeirException(ErrorCode.USER_INPUT, "No log: " + where + " has not been scheduled yet.");
            });
            int latest = instance.tryNumber();
            if (latest < 1) {
                throw new WeirException(ErrorCode.USER_INPUT, "No log: " + where + " has not started a try yet.");
            }
            int wanted = tryNumber == null ? latest : tryNumber;
            if (wanted < 1 || wanted > latest) {
                throw new WeirException(
                        ErrorCode.USER_INPUT,
                        "No try " + wanted + " of " + where + "; its tries are 1 to " + latest + ".");
            }
            Path file = new TaskLogPaths(weir.logsDir()).file(dagId, run.runId(), taskId, wanted);
            if (!Files.isRegularFile(file)) {
                throw new WeirException(
                        ErrorCode.USER_INPUT,
                        "The log of try " + wanted + " of " + where + " is gone (" + file
                                + "); logs older than logs.retention_days are deleted.");
            }
            copy(file, out());
            return 0;
        }
    }

    @Command(name = "xcom", description = "List the XCom values a task instance returned.")
    int xcom(
            @Parameters(index = "0", paramLabel = "DAG_ID", description = "The DAG.") String dagId,
            @Parameters(index = "1", paramLabel = "TASK_ID", description = "The task.") String taskId,
            @Parameters(index = "2", paramLabel = "DATE", description = "The run: its logical date or its run id.")
                    String runIdOrDate,
            @Mixin OutputOption output) {
        try (Weir weir = main.openToRead()) {
            Optional<Dag> dag = Projects.requireKnownDag(weir, dagId);
            DagRunRecord run = Projects.resolveRun(weir, dagId, runIdOrDate);
            List<XComRecord> values =
                    weir.store().inTransaction(session -> session.xcoms().forTask(dagId, run.runId(), taskId));
            if (values.isEmpty()) {
                requireTask(dag, dagId, taskId);
            }
            Rows.Builder rows = Rows.builder("key", "value");
            for (XComRecord value : values) {
                rows.add(value.key(), parse(value.valueJson()));
            }
            OutputRenderer.render(output.format(), rows.build(), out());
            return 0;
        }
    }

    private static Optional<TaskInstanceRecord> findInstance(Weir weir, DagRunRecord run, String taskId) {
        return weir.store().inTransaction(session -> session.taskInstances().find(run.dagId(), run.runId(), taskId));
    }

    /** Fails with the DAG's task ids when the (loaded) DAG has no such task. */
    private static void requireTask(Optional<Dag> dag, String dagId, String taskId) {
        if (dag.isPresent() && dag.get().task(taskId) == null) {
            throw new WeirException(
                    ErrorCode.TASK_NOT_FOUND,
                    "DAG " + dagId + " has no task " + taskId + "; its tasks are "
                            + String.join(", ", dag.get().tasks().keySet()) + ".");
        }
    }

    /** An XCom's JSON as a value the renderer nests in JSON and YAML; text that is not JSON stays text. */
    private static Object parse(String json) {
        try {
            return json == null ? null : Json.MAPPER.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            return json;
        }
    }

    private static void copy(Path file, PrintWriter out) {
        // A decoding reader rather than Files.newBufferedReader: a process may have written bytes that are not UTF-8.
        try (Reader reader = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
            char[] buffer = new char[8192];
            for (int read = reader.read(buffer); read >= 0; read = reader.read(buffer)) {
                out.write(buffer, 0, read);
            }
            out.flush();
        } catch (IOException e) {
            throw new WeirException(
                    ErrorCode.USER_INPUT, "Cannot read the task log " + file + ": " + e.getMessage(), e);
        }
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Built on first use: picocli creates this command for every command line that names it. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
