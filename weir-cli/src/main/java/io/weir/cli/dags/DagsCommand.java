package io.weir.cli.dags;

import io.weir.cli.CliAudit;
import io.weir.cli.Main;
import io.weir.cli.Projects;
import io.weir.cli.output.OutputOption;
import io.weir.cli.output.OutputRenderer;
import io.weir.cli.output.Rows;
import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.dag.Dag;
import io.weir.core.dag.DagFileError;
import io.weir.core.dag.DagFolder;
import io.weir.core.dag.DagFolderResult;
import io.weir.core.dag.DagParser;
import io.weir.core.dag.TaskSpec;
import io.weir.core.project.ProjectSettings;
import io.weir.core.state.DagRunState;
import io.weir.core.task.FileProblem;
import io.weir.core.task.TaskTypeRegistry;
import io.weir.engine.Weir;
import io.weir.store.DagRecord;
import io.weir.store.DagRunRecord;
import io.weir.store.ImportErrorRecord;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code weir dags}: the project's DAGs, their files and their runs. */
@Command(
        name = "dags",
        description = "List, validate, pause, inspect, trigger, test and backfill DAGs.",
        addMethodSubcommands = false) // its subcommands: io.weir.cli.CommandGroups
public final class DagsCommand implements Runnable {
    /** The subcommands in their own classes, built only when named (see io.weir.cli.CommandGroups). */
    public static final List<Class<?>> SUBCOMMAND_CLASSES =
            List.of(DagTriggerCommand.class, DagTestCommand.class, DagBackfillCommand.class);

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

    @Command(name = "list", description = "List the DAGs of the project with their last run's state.")
    int list(@Mixin OutputOption output) {
        try (Weir weir = main.openToRead()) {
            int brokenFiles = weir.dagBag().errors().size();
            Rows.Builder rows = Rows.builder("dag_id", "fileloc", "is_paused", "schedule", "tags", "last_run_state");
            weir.store().useTransaction(session -> {
                for (DagRecord dag : session.dags().list()) {
                    if (!dag.active()) {
                        continue;
                    }
                    List<DagRunRecord> last = session.runs().list(dag.dagId(), null, 1, 0);
                    rows.add(
                            dag.dagId(),
                            dag.fileloc(),
                            dag.paused(),
                            dag.schedule(),
                            dag.tags(),
                            last.isEmpty() ? null : last.get(0).state());
                }
            });
            OutputRenderer.render(output.format(), rows.build(), out());
            if (brokenFiles > 0) {
                err().println("warning: some DAG files do not load (" + brokenFiles
                        + (brokenFiles == 1 ? " problem" : " problems")
                        + "); `weir dags list-import-errors` shows them.");
            }
            return 0;
        }
    }

    @Command(name = "list-import-errors", description = "List the DAG files that do not parse or validate, and why.")
    int listImportErrors(@Mixin OutputOption output) {
        try (Weir weir = main.openToRead()) {
            weir.dagBag();
            Rows.Builder rows = Rows.builder("filepath", "line", "column", "error");
            for (ImportErrorRecord error :
                    weir.store().inTransaction(session -> session.dags().importErrors())) {
                rows.add(error.file(), error.line(), error.column(), error.message());
            }
            OutputRenderer.render(output.format(), rows.build(), out());
            return 0;
        }
    }

    @Command(
            name = "validate",
            description = "Parse every DAG file and print each problem as file:line:column: message; exit 1 if any.")
    int validate() {
        Path project = main.projectDir();
        if (!Files.isDirectory(project)) {
            throw new WeirException(
                    ErrorCode.CONFIGURATION,
                    "Project folder " + project + " does not exist; pass --project DIR or set WEIR_PROJECT");
        }
        ProjectSettings settings = ProjectSettings.load(project);
        TaskTypeRegistry types = TaskTypeRegistry.load(Main.class.getClassLoader());
        DagFolder folder = new DagFolder(new DagParser(types));
        DagFolderResult result = folder.parse(project, project.resolve(settings.dagsFolder()));
        List<DagFileError> errors = new ArrayList<>(result.errors());
        int dags = result.dags().size();
        for (Dag dag : result.dags()) {
            // Files a task names (an extract manifest) are checked here, not on every parse of the DAG file.
            boolean valid = true;
            for (TaskSpec task : dag.tasks().values()) {
                for (FileProblem problem : types.find(task.type())
                        .map(type -> type.validateFiles(task.params(), project))
                        .orElse(List.of())) {
                    // A problem in a manifest points at the manifest's own line; one of the task's keys at the task.
                    String message = "Task '" + task.taskId() + "' of DAG '" + dag.dagId() + "': " + problem.message();
                    errors.add(
                            problem.file() == null
                                    ? new DagFileError(dag.file(), Math.max(1, task.line()), 1, message)
                                    : new DagFileError(Path.of(problem.file()), problem.line(), 1, message));
                    valid = false;
                }
            }
            dags -= valid ? 0 : 1;
        }
        for (DagFileError error : errors) {
            out().println(error);
        }
        out().flush();
        if (!errors.isEmpty()) {
            int count = errors.size();
            err().println("error: " + count + (count == 1 ? " problem" : " problems") + " in DAG files (" + dags
                    + (dags == 1 ? " DAG" : " DAGs") + " valid).");
            return Main.EXIT_FAILURE;
        }
        out().println(dags + (dags == 1 ? " DAG is" : " DAGs are") + " valid.");
        return 0;
    }

    @Command(name = "pause", description = "Pause a DAG: the scheduler creates no new runs for it.")
    int pause(@Parameters(paramLabel = "DAG_ID", description = "The DAG to pause.") String dagId) {
        return setPaused(dagId, true);
    }

    @Command(name = "unpause", description = "Unpause a DAG: the scheduler creates its due runs again.")
    int unpause(@Parameters(paramLabel = "DAG_ID", description = "The DAG to unpause.") String dagId) {
        return setPaused(dagId, false);
    }

    @Command(name = "list-runs", description = "List the runs of a DAG, newest logical date first.")
    int listRuns(
            @Parameters(paramLabel = "DAG_ID", description = "The DAG whose runs to list.") String dagId,
            @Option(
                            names = "--state",
                            paramLabel = "STATE",
                            converter = RunStateConverter.class,
                            description = "Only runs in this state: queued, running, success or failed.")
                    DagRunState state,
            @Mixin OutputOption output) {
        try (Weir weir = main.openToRead()) {
            Projects.requireDagId(weir, dagId);
            List<DagRunRecord> runs =
                    weir.store().inTransaction(session -> session.runs().list(dagId, state, Integer.MAX_VALUE, 0));
            Rows.Builder rows = Rows.builder(
                    "dag_id",
                    "run_id",
                    "state",
                    "run_type",
                    "logical_date",
                    "execution_date",
                    "data_interval_start",
                    "data_interval_end",
                    "start_date",
                    "end_date");
            for (DagRunRecord run : runs) {
                rows.add(
                        run.dagId(),
                        run.runId(),
                        run.state(),
                        run.runType(),
                        run.logicalDate(),
                        run.logicalDate(),
                        run.dataInterval().start(),
                        run.dataInterval().end(),
                        run.startDate(),
                        run.endDate());
            }
            OutputRenderer.render(output.format(), rows.build(), out());
            return 0;
        }
    }

    @Command(name = "state", description = "Print the state of one run of a DAG.")
    int state(
            @Parameters(index = "0", paramLabel = "DAG_ID", description = "The DAG.") String dagId,
            @Parameters(index = "1", paramLabel = "DATE", description = "The run: its logical date or its run id.")
                    String runIdOrDate) {
        try (Weir weir = main.openToRead()) {
            Projects.requireDagId(weir, dagId);
            out().println(Projects.resolveRun(weir, dagId, runIdOrDate).state().label());
            return 0;
        }
    }

    private int setPaused(String dagId, boolean paused) {
        try (Weir weir = main.open(true)) {
            Dag dag = weir.requireDag(dagId);
            weir.store().useTransaction(session -> session.dags().setPaused(dag.dagId(), paused));
            CliAudit.record(weir, paused ? "pause" : "unpause", dagId, null, null, null);
            out().println("DAG " + dagId + (paused ? " paused." : " unpaused."));
            return 0;
        }
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Reads {@code --state} with a sentence listing the run states when the value is none of them. */
    static final class RunStateConverter implements ITypeConverter<DagRunState> {
        @Override
        public DagRunState convert(String value) {
            for (DagRunState state : DagRunState.values()) {
                if (state.label().equals(value.strip().toLowerCase(Locale.ROOT))) {
                    return state;
                }
            }
            throw new TypeConversionException(
                    "'" + value + "' is not a DAG run state; use queued, running, success or failed");
        }
    }
}
