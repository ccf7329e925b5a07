package io.weir.engine.task;

import static java.util.Objects.requireNonNull;

import io.weir.core.task.TaskContext;
import io.weir.core.task.TaskEnvironment;
import io.weir.core.task.TaskFailure;
import io.weir.core.task.TaskResult;
import io.weir.core.task.TaskType;
import io.weir.engine.process.CommandSupervisor;
import io.weir.engine.process.ProcessLedger;
import io.weir.engine.process.ProcessTrees;
import io.weir.engine.process.TryFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a program, as Airflow's BashOperator: {@code command} as a string runs with {@code bash -c}, as a list it is
 * executed directly. Exit code 0 is success, 99 is skipped, anything else fails (and may be retried).
 */
public final class CommandTaskType implements TaskType {
    public static final String NAME = "command";
    public static final int SKIP_EXIT_CODE = TryFiles.SKIP_EXIT_CODE;

    /** Only these variables of Weir's own environment reach a task, so undeclared secrets never leak into it. */
    static final List<String> INHERITED_VARIABLES = TaskEnvironment.INHERITED_VARIABLES;

    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private final Map<String, String> weirEnvironment;
    private final Duration killGrace;

    /** The instance {@link java.util.ServiceLoader} creates: inherits from Weir's own environment. */
    public CommandTaskType() {
        this(System.getenv(), ProcessTrees.DEFAULT_GRACE);
    }

    /**
     * @param weirEnvironment the environment Weir runs with; only {@link #INHERITED_VARIABLES} are passed on
     * @param killGrace how long a cancelled command may take to exit after SIGTERM before it is killed
     */
    public CommandTaskType(Map<String, String> weirEnvironment, Duration killGrace) {
        this.weirEnvironment = Map.copyOf(requireNonNull(weirEnvironment, "weirEnvironment is null"));
        this.killGrace = requireNonNull(killGrace, "killGrace is null");
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Set<String> parameterKeys() {
        return CommandParameters.KEYS;
    }

    @Override
    public List<String> validate(Map<String, Object> params) {
        return CommandParameters.problems(params);
    }

    @Override
    public TaskResult execute(TaskContext context) throws Exception {
        CommandParameters parameters = CommandParameters.from(context.params(), context);
        Path workingDirectory = context.projectDir().resolve(parameters.cwd()).normalize();
        if (!Files.isDirectory(workingDirectory)) {
            throw new TaskFailure(
                    "The working directory " + workingDirectory + " of task " + context.taskId() + " in DAG "
                            + context.dagId() + " does not exist: create it or change 'cwd'",
                    false);
        }
        Map<String, String> environment = environment(context, parameters.env());
        List<String> command = parameters.command();
        if (command.size() == 3
                && command.get(0).equals("bash")
                && command.get(1).equals("-c")) {
            command = SimpleCommands.direct(command.get(2), environment.get("PATH"), workingDirectory)
                    .orElse(command);
        }
        context.log().info("Running " + String.join(" ", command) + " in " + workingDirectory);
        Map<String, String> mark = ProcessTrees.markOf(environment);
        ProcessLedger.TryRef tryRef =
                new ProcessLedger.TryRef(context.dagId(), context.runId(), context.taskId(), context.tryNumber());
        Optional<CommandSupervisor.Supervised> supervised =
                supervised(context, command, environment, workingDirectory, tryRef);
        if (supervised.isPresent()) {
            try (CommandSupervisor.Supervised running = supervised.get()) {
                return outcome(context, running, mark);
            }
        }
        // A supervisor of its own records the exit status beside the try, so it outlives Weir if Weir dies first.
        List<String> program = command;
        List<String> started = context.exitStatusFile()
                .map(journal -> TryFiles.supervised(program, journal, tryRef))
                .orElse(program);
        ProcessBuilder builder =
                new ProcessBuilder(started).directory(workingDirectory.toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = start(builder, parameters, workingDirectory, context);
        OutputPump pump = new OutputPump(process.getInputStream(), context.log().stream());
        try {
            // A task has no input; a program that reads it sees end-of-file instead of waiting forever.
            process.getOutputStream().close();
            context.processStarted(process.toHandle());
        } catch (RuntimeException | IOException e) {
            ProcessTrees.kill(process.toHandle(), mark, Duration.ZERO);
            throw e;
        }
        // Output is copied on this thread (a thread per command costs more than a short command itself). It ends
        // when the command and every background process holding its output have ended, as in Airflow, or when a
        // cancel ended the process tree.
        pump.copyHere();
        int exitCode = waitFor(process, mark);
        pump.rethrowFailure(context);
        return result(exitCode);
    }

    /** Runs the command under the runner's long-lived supervisor, when there is one and it can pass it on exactly. */
    private static Optional<CommandSupervisor.Supervised> supervised(
            TaskContext context,
            List<String> command,
            Map<String, String> environment,
            Path workingDirectory,
            ProcessLedger.TryRef tryRef)
            throws IOException, InterruptedException {
        if (!(context instanceof CommandSupervisor.Provider provider)
                || context.exitStatusFile().isEmpty()) {
            return Optional.empty();
        }
        Optional<CommandSupervisor> supervisor = provider.commandSupervisor();
        // Found as the JDK finds a program (Weir's own PATH); one not found is left to it, for its clear message.
        String first = command.get(0);
        Optional<Path> executable = first.contains("/")
                ? Optional.of(workingDirectory.resolve(first)).filter(SimpleCommands::isExecutableFile)
                : SimpleCommands.onPath(first, System.getenv("PATH"), workingDirectory);
        if (supervisor.isEmpty() || executable.isEmpty()) {
            return Optional.empty();
        }
        List<String> program = new ArrayList<>(command);
        program.set(0, executable.get().toAbsolutePath().toString());
        return supervisor
                .get()
                .start(
                        program,
                        environment,
                        workingDirectory,
                        TryFiles.name(tryRef),
                        context.exitStatusFile().get());
    }

    private static TaskResult outcome(
            TaskContext context, CommandSupervisor.Supervised running, Map<String, String> mark) throws Exception {
        OutputPump pump = new OutputPump(running.output(), context.log().stream());
        running.process().ifPresent(process -> {
            try {
                context.processStarted(process);
            } catch (RuntimeException e) {
                ProcessTrees.kill(process, mark, Duration.ZERO);
                throw e;
            }
        });
        pump.copyHere();
        int exitCode;
        try {
            exitCode = running.waitFor();
        } catch (InterruptedException e) {
            running.process().ifPresent(process -> ProcessTrees.kill(process, mark, Duration.ZERO));
            throw e;
        }
        pump.rethrowFailure(context);
        return result(exitCode);
    }

    private static TaskResult result(int exitCode) {
        if (exitCode == 0) {
            return TaskResult.success();
        }
        if (exitCode == SKIP_EXIT_CODE) {
            return TaskResult.skipped("exit code " + SKIP_EXIT_CODE);
        }
        throw new TaskFailure("Command exited with code " + exitCode, true);
    }

    private Map<String, String> environment(TaskContext context, Map<String, String> taskVariables) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", DEFAULT_PATH);
        environment.putAll(TaskEnvironment.of(weirEnvironment, context.environment()));
        environment.putAll(taskVariables);
        return environment;
    }

    private static Process start(
            ProcessBuilder builder, CommandParameters parameters, Path workingDirectory, TaskContext context) {
        try {
            return builder.start();
        } catch (IOException e) {
            String reason = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
            throw new TaskFailure(
                    "Task " + context.taskId() + " in DAG " + context.dagId() + " could not start '"
                            + parameters.command().get(0) + "' (" + reason.replaceFirst("^error=\\d+, ", "")
                            + "): check that the program exists and is executable, on PATH or relative to "
                            + workingDirectory,
                    false,
                    e);
        }
    }

    /** Waits for the command to exit; on interrupt ends every process it started, in its tree or marked. */
    private int waitFor(Process process, Map<String, String> mark) throws InterruptedException {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            ProcessTrees.kill(process.toHandle(), mark, killGrace);
            throw e;
        }
    }

    /** Copies output to the log as it comes; drains on even if the log fails, so the command never blocks. */
    private static final class OutputPump {
        private final InputStream output;
        private final OutputStream log;
        private final AtomicReference<IOException> failure = new AtomicReference<>();

        OutputPump(InputStream output, OutputStream log) {
            this.output = output;
            this.log = log;
        }

        void copyHere() {
            copy(output, log);
        }

        void rethrowFailure(TaskContext context) {
            IOException error = failure.get();
            if (error != null) {
                throw new TaskFailure(
                        "The output of task " + context.taskId() + " in DAG " + context.dagId()
                                + " could not be written to its log: " + error.getMessage(),
                        true,
                        error);
            }
        }

        private void copy(InputStream output, OutputStream log) {
            byte[] buffer = new byte[8192];
            try (output) {
                int read;
                while ((read = output.read(buffer)) >= 0) {
                    if (failure.get() == null) {
                        try {
                            log.write(buffer, 0, read);
                        } catch (IOException e) {
                            failure.set(e);
                        }
                    }
                }
                log.flush();
            } catch (IOException e) {
                failure.compareAndSet(null, e);
            }
        }
    }
}
