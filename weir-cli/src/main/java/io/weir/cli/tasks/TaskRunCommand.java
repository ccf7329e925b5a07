package io.weir.cli.tasks;

import io.weir.cli.Main;
import io.weir.cli.Projects;
import io.weir.cli.remote.WarehouseCommand;
import io.weir.core.state.TaskState;
import io.weir.engine.Weir;
import io.weir.engine.log.TaskLogPaths;
import io.weir.engine.ops.TaskRun;
import io.weir.store.DagRunRecord;
import io.weir.store.TaskInstanceRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code weir tasks run}: one task instance of an existing run, in this process. */
@Command(name = "run", description = "Run one task instance of an existing run in this process; exit 1 when it fails.")
final class TaskRunCommand implements Callable<Integer>, WarehouseCommand {
    @ParentCommand
    private TasksCommand tasks;

    @Spec
    private CommandSpec spec;

    @Mixin
    private TaskInstanceArguments arguments;

    @Option(
            names = {"-f", "--force"},
            description = "Run it even if it already succeeded or failed.")
    private boolean force;

    @Option(
            names = {"-A", "--ignore-all-dependencies"},
            description = "Ignore upstream states, depends_on_past and pools.")
    private boolean ignoreAllDependencies;

    @Option(
            names = {"-i", "--ignore-dependencies"},
            description = "Ignore upstream states and depends_on_past.")
    private boolean ignoreDependencies;

    @Override
    public Integer call() {
        try (Weir weir = tasks.main().open(true)) {
            weir.requireDag(arguments.dagId);
            DagRunRecord run = Projects.resolveRun(weir, arguments.dagId, arguments.runIdOrDate);
            TaskInstanceRecord instance = weir.runTask(
                    arguments.dagId,
                    arguments.taskId,
                    run.runId(),
                    new TaskRun.Options(force, ignoreAllDependencies, ignoreDependencies));
            Path log = new TaskLogPaths(weir.logsDir())
                    .file(arguments.dagId, run.runId(), arguments.taskId, instance.tryNumber());
            PrintWriter out = spec.commandLine().getOut();
            out.println("Task " + arguments.taskId + " of DAG " + arguments.dagId + " in run " + run.runId() + ": "
                    + instance.state() + " (try " + instance.tryNumber() + ").");
            out.println("Log: " + log);
            out.flush();
            if (instance.state() == TaskState.SUCCESS || instance.state() == TaskState.SKIPPED) {
                return 0;
            }
            PrintWriter err = spec.commandLine().getErr();
            err.println("error: Task " + arguments.taskId + " of DAG " + arguments.dagId + " in run " + run.runId()
                    + " ended "
                    + instance.state() + "; `weir tasks logs " + arguments.dagId + " " + arguments.taskId + " "
                    + run.runId()
                    + "` shows why.");
            err.flush();
            return Main.EXIT_FAILURE;
        }
    }
}
