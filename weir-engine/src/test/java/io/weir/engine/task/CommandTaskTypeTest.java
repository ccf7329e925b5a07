package io.weir.engine.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.core.task.TaskFailure;
import io.weir.core.task.TaskResult;
import io.weir.engine.log.FileTaskLog;
import io.weir.engine.process.ProcessStates;
import io.weir.engine.process.ProcessTrees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandTaskTypeTest {
    private static final Map<String, String> WEIR_VARIABLES = Map.of(
            "WEIR_DAG_ID", "demo",
            "WEIR_TASK_ID", "work",
            "WEIR_DS", "2024-01-01",
            "WEIR_TRY_NUMBER", "1");

    @TempDir
    Path project;

    private final CommandTaskType commandType =
            new CommandTaskType(Map.of("PATH", System.getenv("PATH"), "HOME", "/home/weir"), Duration.ofSeconds(5));

    @Test
    void exitCodeZeroIsSuccessAndOutputIsLogged() throws Exception {
        Run run = run(Map.of("command", "echo hello from $WEIR_DAG_ID"));

        assertThat(run.result()).isEqualTo(TaskResult.success());
        assertThat(run.outputLines()).containsExactly("hello from demo");
    }

    @Test
    void exitCode99IsSkipped() throws Exception {
        Run run = run(Map.of("command", "echo nothing to do; exit 99"));

        assertThat(run.result().outcome()).isEqualTo(TaskResult.Outcome.SKIPPED);
        assertThat(run.result().message()).isEqualTo("exit code 99");
    }

    @Test
    void otherExitCodesFailAndMayBeRetried() {
        assertThatThrownBy(() -> run(Map.of("command", "echo broken >&2; exit 1")))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> assertThat(failure.retryable())
                        .isTrue())
                .hasMessage("Command exited with code 1");
        assertThat(logText()).contains("broken");
    }

    @Test
    void listIsExecutedWithoutShell() throws Exception {
        Run run = run(Map.of("command", List.of("printf", "%s|", "a b", "$HOME", 5)));

        assertThat(run.outputLines()).containsExactly("a b|$HOME|5|");
    }

    @Test
    void aPlainCommandRunsTheProgramOnTheTasksOwnPath() throws Exception {
        Path tools = Files.createDirectories(project.resolve("tools"));
        Path greet = tools.resolve("greet");
        Files.writeString(greet, "#!/bin/sh\necho hello from tools $1\n");
        greet.toFile().setExecutable(true);

        Run run = run(Map.of("command", "greet raw", "env", Map.of("PATH", tools + ":" + System.getenv("PATH"))));

        assertThat(run.outputLines()).containsExactly("hello from tools raw");
    }

    @Test
    void aRelativePathEntryIsRelativeToTheWorkingDirectory() throws Exception {
        Path tools = Files.createDirectories(project.resolve("jobs/tools"));
        Path greet = tools.resolve("greet");
        Files.writeString(greet, "#!/bin/sh\necho hello from jobs/tools\n");
        greet.toFile().setExecutable(true);

        Run run =
                run(Map.of("command", "greet", "cwd", "jobs", "env", Map.of("PATH", "tools:" + System.getenv("PATH"))));

        assertThat(run.outputLines()).containsExactly("hello from jobs/tools");
    }

    @Test
    void envAndCwdApply() throws Exception {
        Path folder = Files.createDirectories(project.resolve("bin/jobs"));

        Run run = run(Map.of("command", "pwd; echo target=$TARGET", "cwd", "bin/jobs", "env", Map.of("TARGET", "raw")));

        assertThat(run.outputLines()).containsExactly(folder.toRealPath().toString(), "target=raw");
    }

    @Test
    void runsInProjectFolderByDefault() throws Exception {
        Run run = run(Map.of("command", List.of("pwd")));

        assertThat(run.outputLines()).containsExactly(project.toRealPath().toString());
    }

    @Test
    void processSeesWeirVariablesAndBaseButNothingElseOfWeirsEnvironment() throws Exception {
        CommandTaskType type = new CommandTaskType(
                Map.of("PATH", System.getenv("PATH"), "LANG", "C.UTF-8", "UNDECLARED_TOKEN", "leak"),
                Duration.ofSeconds(5));

        Run run = run(type, Map.of("command", List.of("env")), WEIR_VARIABLES, List.of());

        Set<String> names = run.outputLines().stream()
                .map(line -> line.substring(0, line.indexOf('=')))
                .collect(Collectors.toSet());
        assertThat(names)
                .containsExactlyInAnyOrder("PATH", "LANG", "WEIR_DAG_ID", "WEIR_TASK_ID", "WEIR_DS", "WEIR_TRY_NUMBER");
        assertThat(run.outputLines()).doesNotContain("UNDECLARED_TOKEN=leak");
    }

    @Test
    void realEnvironmentOfWeirDoesNotLeakIntoTasks() throws Exception {
        Run run = run(new CommandTaskType(), Map.of("command", List.of("env")), WEIR_VARIABLES, List.of());

        Set<String> names = run.outputLines().stream()
                .map(line -> line.substring(0, line.indexOf('=')))
                .collect(Collectors.toSet());
        Set<String> allowed = new java.util.HashSet<>(CommandTaskType.INHERITED_VARIABLES);
        allowed.addAll(WEIR_VARIABLES.keySet());
        assertThat(allowed).containsAll(names);
        assertThat(names).containsAll(WEIR_VARIABLES.keySet()).contains("PATH");
    }

    @Test
    void taskEnvOverridesAndSecretsAreMaskedInLog() throws Exception {
        Map<String, String> environment = new LinkedHashMap<>(WEIR_VARIABLES);
        environment.put("GITLAB_DB_PASS", "s3cr3t-pa55");

        Run run = run(
                commandType,
                Map.of(
                        "command",
                        "echo \"pass=$GITLAB_DB_PASS home=$HOME try=$WEIR_TRY_NUMBER\"",
                        "env",
                        Map.of("HOME", "/srv/weir")),
                environment,
                List.of("s3cr3t-pa55"));

        assertThat(run.outputLines())
                .containsExactly("pass=*** home=/srv/weir try=" + WEIR_VARIABLES.get("WEIR_TRY_NUMBER"));
        assertThat(logText()).doesNotContain("s3cr3t-pa55");
    }

    @Test
    void stdoutAndStderrAreLoggedInOrderAndCompletely() throws Exception {
        Run run = run(Map.of(
                "command",
                "for i in $(seq 1 3000); do echo \"out $i\"; echo \"err $i\" >&2; done; printf 'last words'"));

        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= 3000; i++) {
            expected.add("out " + i);
            expected.add("err " + i);
        }
        expected.add("last words");
        assertThat(run.outputLines()).containsExactlyElementsOf(expected);
    }

    @Test
    void commandReadingInputSeesEndOfInput() throws Exception {
        Run run = run(Map.of("command", "cat; echo done"));

        assertThat(run.outputLines()).containsExactly("done");
    }

    @Test
    void reportsTheProcessItStarted() throws Exception {
        FakeTaskContext context;
        try (FileTaskLog log = new FileTaskLog(logFile(), List.of())) {
            context = new FakeTaskContext(Map.of("command", List.of("true")), project, WEIR_VARIABLES, log);
            commandType.execute(context);
        }

        assertThat(context.processes).hasSize(1);
        assertThat(context.processes.get(0).isAlive()).isFalse();
    }

    @Test
    void cancellingEndsTheWholeProcessTree() throws Exception {
        try (FileTaskLog log = new FileTaskLog(logFile(), List.of())) {
            FakeTaskContext context =
                    new FakeTaskContext(Map.of("command", "sleep 300 & sleep 300; wait"), project, WEIR_VARIABLES, log);
            AtomicReference<Throwable> thrown = new AtomicReference<>();
            Thread worker = new Thread(() -> {
                try {
                    commandType.execute(context);
                } catch (Throwable e) {
                    thrown.set(e);
                }
            });
            worker.start();
            List<ProcessHandle> sleeps = awaitDescendants(context, 2);

            // What a timeout, a clear or a mark does: end the tree of the process the task recorded.
            ProcessTrees.kill(context.processes.get(0), Duration.ofSeconds(5));
            worker.join(Duration.ofSeconds(20).toMillis());

            // How the shell exits once its children die is up to the shell; the runner fails a cancelled try anyway.
            assertThat(worker.isAlive()).isFalse();
            assertThat(thrown.get())
                    .satisfiesAnyOf(failure -> assertThat(failure).isNull(), failure -> assertThat(failure)
                            .isInstanceOf(TaskFailure.class));
            assertThat(sleeps).hasSize(2).allSatisfy(sleep -> assertThat(ProcessStates.ended(sleep.pid()))
                    .as("sleep %d ended", sleep.pid())
                    .isTrue());
            assertThat(ProcessStates.ended(context.processes.get(0).pid())).isTrue();
        }
    }

    @Test
    void missingProgramIsAPermanentFailureWithAClearMessage() {
        assertThatThrownBy(() -> run(Map.of("command", List.of("./bin/no-such-program", "x"))))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> assertThat(failure.retryable())
                        .isFalse())
                .hasMessageContaining("Task work in DAG demo could not start './bin/no-such-program'")
                .hasMessageContaining("No such file or directory")
                .hasMessageContaining("check that the program exists and is executable");
    }

    @Test
    void missingWorkingDirectoryIsAPermanentFailure() {
        assertThatThrownBy(() -> run(Map.of("command", "true", "cwd", "nowhere")))
                .isInstanceOfSatisfying(TaskFailure.class, failure -> assertThat(failure.retryable())
                        .isFalse())
                .hasMessage("The working directory " + project.resolve("nowhere") + " of task work in DAG demo does"
                        + " not exist: create it or change 'cwd'");
    }

    @Test
    void validateAcceptsStringOrListWithEnvAndCwd() {
        assertThat(commandType.validate(Map.of("command", "echo {{ ds }}"))).isEmpty();
        assertThat(commandType.validate(Map.of(
                        "command", List.of("sleep", 5), "env", Map.of("TARGET", "raw", "PORT", 5432), "cwd", "bin")))
                .isEmpty();
        assertThat(commandType.parameterKeys()).containsExactlyInAnyOrder("command", "env", "cwd");
    }

    @Test
    void validateNamesEachBadKey() {
        assertThat(commandType.validate(Map.of()))
                .containsExactly("Key 'command' is required: give a shell command as a string, or a program and its"
                        + " arguments as a list");
        assertThat(commandType.validate(Map.of("command", Map.of("run", "x"))))
                .containsExactly("Key 'command' must be a string or a list of strings, not a map");
        assertThat(commandType.validate(Map.of("command", List.of("echo", List.of("x")))))
                .containsExactly("Key 'command' must be a list of strings, but item 2 is a list: quote it as a string");
        assertThat(commandType.validate(Map.of("command", " ")))
                .containsExactly("Key 'command' is empty: give the shell command to run");
        assertThat(commandType.validate(Map.of("command", "true", "env", List.of("A=1"), "cwd", 3)))
                .containsExactly(
                        "Key 'env' must be a map of variable names to values, such as {TARGET: raw}, not a list",
                        "Key 'cwd' must be a folder as a string, relative to the project folder, not the integer 3");
        assertThat(commandType.validate(Map.of("command", "true", "env", Map.of("TARGET", Map.of()))))
                .containsExactly("Key 'env' sets TARGET to a map: give a string value");
        assertThat(commandType.validate(Map.of("command", "true", "env", Map.of("WEIR_PROJECT", "/elsewhere"))))
                .containsExactly("Key 'env' sets WEIR_PROJECT, which Weir sets for every try (together they mark the"
                        + " try's processes): use another name");
    }

    private record Run(TaskResult result, List<String> outputLines) {}

    private Run run(Map<String, Object> params) throws Exception {
        return run(commandType, params, WEIR_VARIABLES, List.of());
    }

    private Run run(
            CommandTaskType type, Map<String, Object> params, Map<String, String> environment, List<String> secrets)
            throws Exception {
        TaskResult result;
        try (FileTaskLog log = new FileTaskLog(logFile(), secrets)) {
            result = type.execute(new FakeTaskContext(params, project, environment, log));
        }
        List<String> lines = Files.readAllLines(logFile(), StandardCharsets.UTF_8);
        // The first line is the timestamped "Running ..." line; the rest is the command's own output.
        assertThat(lines.get(0)).contains(" Running ");
        return new Run(result, lines.subList(1, lines.size()));
    }

    private String logText() {
        try {
            return Files.readString(logFile());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private Path logFile() {
        return project.resolve("logs/attempt=1.log");
    }

    private static List<ProcessHandle> awaitDescendants(FakeTaskContext context, int count)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (!context.processes.isEmpty()) {
                List<ProcessHandle> descendants =
                        context.processes.get(0).descendants().toList();
                if (descendants.size() >= count) {
                    return descendants;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the command did not start " + count + " child processes within 10 s");
    }
}
