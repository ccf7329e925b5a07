package io.weir.cli.extract;

import io.weir.cli.CliAudit;
import io.weir.cli.Main;
import io.weir.cli.remote.WarehouseCommand;
import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import io.weir.core.project.ProjectSettings;
import io.weir.engine.Weir;
import io.weir.extract.singer.SingerExtract;
import io.weir.extract.singer.StreamResult;
import io.weir.warehouse.Flavor;
import io.weir.warehouse.Warehouse;
import io.weir.warehouse.WarehouseSettings;
import io.weir.warehouse.WarehouseTarget;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code weir extract singer}: runs a Singer tap by hand, its state kept in a file of the user's choice. */
@Command(
        name = "singer",
        description = "Run a Singer tap and load each stream into raw.<target schema>.<stream>, as the extract.singer"
                + " task type does; --state-file keeps the last committed STATE between runs.")
public final class ExtractSingerCommand implements Callable<Integer>, WarehouseCommand {
    @ParentCommand
    private ExtractCommand parent;

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "TAP", arity = "0..*", description = "The tap and its own arguments (after --).")
    private List<String> command;

    @Option(
            names = "--reset-state",
            description = "Run no tap: forget the STATE the metadata database keeps for the task --dag/--task, so its"
                    + " next run starts the tap without --state (from the tap's start_date).")
    private boolean resetState;

    @Option(names = "--dag", paramLabel = "DAG_ID", description = "With --reset-state: the task's DAG.")
    private String dagId;

    @Option(names = "--task", paramLabel = "TASK_ID", description = "With --reset-state: the extract.singer task.")
    private String taskId;

    @Option(names = "--config", paramLabel = "FILE", description = "The tap's config, relative to the project.")
    private String config;

    @Option(names = "--catalog", paramLabel = "FILE", description = "The tap's catalog, relative to the project.")
    private String catalog;

    @Option(
            names = "--state-file",
            paramLabel = "FILE",
            description = "Read the state to resume from, and write each committed STATE to this file.")
    private Path stateFile;

    @Option(
            names = "--target-schema",
            paramLabel = "SCHEMA",
            defaultValue = SingerExtract.DEFAULT_SCHEMA,
            description = "The RAW schema (default ${DEFAULT-VALUE}).")
    private String targetSchema;

    @Override
    public Integer call() throws IOException {
        Main main = parent.main();
        if (resetState || dagId != null || taskId != null) {
            return resetState(main);
        }
        if (command == null || command.isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(), "Missing the tap: give its command after --, such as -- tap-github");
        }
        Path projectDir = main.projectDir();
        String runId = ExtractConsole.manualRunId();
        SingerExtract extract = new SingerExtract(new SingerExtract.Options(
                command,
                projectDir,
                config,
                catalog,
                main.environment(),
                targetSchema,
                SingerExtract.DEFAULT_COMMIT_EVERY,
                runId));
        Path stateFile = this.stateFile == null ? null : main.workingDir().resolve(this.stateFile);
        Optional<String> state = stateFile != null && Files.exists(stateFile)
                ? Optional.of(Files.readString(stateFile))
                : Optional.empty();
        WarehouseTarget target = WarehouseSettings.of(projectDir, ProjectSettings.load(projectDir), main.environment())
                .target(Flavor.LOAD);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Warehouse warehouse = Warehouse.open(target, ExtractConsole.PATIENCE, ExtractConsole.lines(err))) {
            List<StreamResult> results = extract.run(warehouse, state, new SingerExtract.Listener() {
                @Override
                public void log(String line) {
                    err.println(line);
                    err.flush();
                }

                @Override
                public void started(ProcessHandle process) {}

                @Override
                public void saveState(String value) {
                    if (stateFile != null) {
                        try {
                            Files.writeString(stateFile, value);
                        } catch (IOException e) {
                            throw new UncheckedIOException("Cannot write the state file " + stateFile, e);
                        }
                    }
                }

                @Override
                public boolean cancelled() {
                    return false;
                }
            });
            results.forEach(result -> out.println(result.summary()));
            out.flush();
        }
        return 0;
    }

    /** Forgets the kept STATE of a DAG's task, printing the state it forgot. */
    private int resetState(Main main) {
        if (!resetState || dagId == null || taskId == null || (command != null && !command.isEmpty())) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--reset-state needs --dag and --task and runs no tap, such as"
                            + " `weir extract singer --reset-state --dag extract_github --task github`");
        }
        try (Weir weir = main.open(true)) {
            Optional<String> kept =
                    weir.store().inTransaction(session -> session.taskStates().get(dagId, taskId));
            if (kept.isEmpty()
                    || !weir.store()
                            .inTransaction(session -> session.taskStates().delete(dagId, taskId))) {
                throw new WeirException(
                        ErrorCode.USER_INPUT,
                        "Task " + taskId + " of DAG " + dagId + " keeps no state: it has not committed a STATE yet, or"
                                + " the DAG or task id is not the task's");
            }
            CliAudit.record(weir, "task_state.reset", dagId, null, taskId, null);
            PrintWriter out = spec.commandLine().getOut();
            out.println("Forgot the state of task " + taskId + " of DAG " + dagId + ": " + kept.get());
            out.println("Its next run starts the tap without --state, so the tap reads from its own start again.");
            out.flush();
            return 0;
        }
    }
}
