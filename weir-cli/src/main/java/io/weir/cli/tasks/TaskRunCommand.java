package io.weir.cli.tasks;

import io.weir.cli.Main;
import io.weir.cli.Projects;
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
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code weir tasks run}: one task instance of an existing run, in this process. */
@Command(name = "run", description = "Run one task instance of an existing run in this process; exit 1 when it fails.")
final class TaskRunCommand implements Callable<Integer> {
    @ParentCommand
    private TasksCommand tasks;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DAG_ID", description = "The DAG.")
    private String dagId;

    @Parameters(index = "1", paramLabel = "TASK_ID", description = "The task.")
    private String taskId;

    @Parameters(index = "2", paramLabel = "DATE", description = "The run: its logical date or its run id.")
    private String runIdOrDate;

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
            weir.requireDag(dagId);
            DagRunRecord run = Projects.resolveRun(weir, dagId, runIdOrDate);
            TaskInstanceRecord instance = weir.runTask(
                    dagId, taskId, run.runId(), new TaskRun.Options(force, ignoreAllDependencies, ignoreDependencies));
            Path log = new TaskLogPaths(weir.logsDir()).file(dagId, run.runId(), taskId, instance.tryNumber());
            PrintWriter out = spec.commandLine().getOut();
            out.println("Task " + taskId + " of DAG " + dagId + " in run " + run.runId() + ": " + instance.state()
                    + " (try " + instance.tryNumber() + ").");
            out.println("Log: " + log);
            out.flush();
            if (instance.state() == TaskState.SUCCESS || instance.state() == TaskState.SKIPPED) {
                return 0;
            }
            PrintWriter err = spec.commandLine().getErr();
            err.println("error: Task " + taskId + " of DAG " + dagId + " in run " + run.runId() + " ended "
                    + instance.state() + "; `weir tasks logs " + dagId + " " + taskId + " " + run.runId()
                    + "` shows why.");
            err.flush();
            return Main.EXIT_FAILURE;
        }
    }
}
