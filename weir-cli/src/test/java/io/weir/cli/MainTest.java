package io.weir.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.ErrorCode;
import io.weir.core.WeirException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

class MainTest {
    @TempDir
    Path temp;

    @Test
    void versionPrintsTheBuildVersion() {
        CliRun run = CliRun.run(Map.of(), "version");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(run.out().strip()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void everyCommandHasHelp() {
        CliRun run = CliRun.run(Map.of(), "tasks", "logs", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("Usage: weir tasks logs ").contains("--try=N", "--project=DIR");
        assertThat(CliRun.run(Map.of(), "db", "-h").out()).contains("init", "upgrade", "check", "clean");
    }

    @Test
    void unknownCommandIsOneErrorLineWithASuggestion() {
        CliRun run = CliRun.run(Map.of(), "versio");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err())
                .isEqualTo(
                        "error: Unmatched argument at index 0: 'versio'; did you mean `version`? See `weir --help`.\n");
    }

    @Test
    void helpListsEveryCommandInOrder() {
        CliRun run = CliRun.run(Map.of(), "--project", temp.toString(), "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .containsSubsequence(Main.COMMANDS.keySet().stream()
                        .map(name -> "\n  " + name + " ")
                        .toList());
    }

    @Test
    void aCommandLineBuildsOnlyTheCommandItNames() {
        assertThat(Main.commandLine(new Main(), "--project", "/p", "dags", "list")
                        .getSubcommands()
                        .keySet())
                .containsExactly("dags");
        assertThat(Main.commandLine(new Main(), "--project=/p", "tasks")
                        .getSubcommands()
                        .keySet())
                .containsExactly("tasks");
        assertThat(Main.commandLine(new Main(), "--help").getSubcommands().keySet())
                .containsExactlyElementsOf(Main.COMMANDS.keySet());
        assertThat(Main.commandLine(new Main(), "dgas", "list").getSubcommands().keySet())
                .containsExactlyElementsOf(Main.COMMANDS.keySet());
        assertThat(Main.commandName("--project")).isNull();
        assertThat(Main.commandName()).isNull();
    }

    @Test
    void aGroupBuildsOnlyTheSubcommandNamedAndAllOfThemForHelpOrATypo() {
        assertThat(subcommandsOf("dags", "--project", "/p", "dags", "list-runs", "--state", "failed", "d"))
                .containsExactly("list-runs");
        assertThat(subcommandsOf("tasks", "tasks", "clear", "d", "-t", "x")).containsExactly("clear");
        assertThat(subcommandsOf("dags", "dags", "--help"))
                .contains("trigger", "test", "backfill", "list", "list-runs", "pause", "validate");
        assertThat(subcommandsOf("tasks", "tasks", "lgos", "d"))
                .contains("run", "clear", "mark", "logs", "state", "states-for-dag-run");
    }

    @Test
    void theBriefReadsAreTheReadCommandsWhereverTheProjectOptionStands() {
        assertThat(Main.isBriefRead("dags", "list")).isTrue();
        assertThat(Main.isBriefRead("--project", "/p", "tasks", "logs", "d", "t", "2024-01-01"))
                .isTrue();
        assertThat(Main.isBriefRead("--project=/p", "dags", "list-runs", "d", "--project", "/q"))
                .isTrue();
        assertThat(Main.isBriefRead("dags", "pause", "d")).isFalse();
        assertThat(Main.isBriefRead("tasks", "run", "d", "t", "2024-01-01")).isFalse();
        assertThat(Main.isBriefRead("scheduler")).isFalse();
        assertThat(Main.isBriefRead("list", "dags")).isFalse();
        assertThat(Main.isBriefRead()).isFalse();
        for (java.util.List<String> read : Main.BRIEF_READS) {
            assertThat(subcommandsOf(read.get(0), read.get(0), "--help"))
                    .as(read.toString())
                    .contains(read.get(1));
        }
    }

    private static Set<String> subcommandsOf(String group, String... args) {
        return Main.commandLine(new Main(), args)
                .getSubcommands()
                .get(group)
                .getSubcommands()
                .keySet();
    }

    @Test
    void everyCommandIsFiledUnderItsOwnName() {
        Main.COMMANDS.forEach((name, command) -> assertThat(
                        command.getAnnotation(Command.class).name())
                .as(command.getName())
                .isEqualTo(name));
    }

    @Test
    void unknownOptionNamesTheCommandToAskForHelp() {
        CliRun run = CliRun.run(Map.of(), "version", "--frobnicate");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: Unknown option: '--frobnicate'; see `weir version --help`.\n");
    }

    @Test
    void projectDefaultsToWeirProjectThenTheCurrentDirectory() {
        assertThat(projectSeenBy(Map.of(), "probe")).isEqualTo(Path.of("").toAbsolutePath());
        assertThat(projectSeenBy(Map.of("WEIR_PROJECT", temp.toString()), "probe"))
                .isEqualTo(temp);
    }

    @Test
    void outsideAnyProjectTheExampleProjectUnderWeirHomeIsUsedAndSaidOnce() throws IOException {
        Path example = Files.createDirectories(temp.resolve("home/examples/demo"));
        Probe probe = new Probe();

        // Surefire runs in weir-cli/, which has neither weir.yaml nor dags/.
        CliRun run =
                CliRun.run(withProbe(Map.of("WEIR_HOME", temp.resolve("home").toString()), probe), "probe");

        assertThat(run.exitCode()).as(run.toString()).isZero();
        assertThat(probe.seen).isEqualTo(example);
        assertThat(run.err()).isEqualTo("No project here; using the example project " + example + "\n");
    }

    @Test
    void aFolderWithWeirYamlOrDagsIsAProjectEvenWhenWeirHomeIsSet() throws IOException {
        Path example = Files.createDirectories(temp.resolve("home/examples/demo"));
        Map<String, String> environment =
                Map.of("WEIR_HOME", temp.resolve("home").toString());
        Path withDags = Files.createDirectories(temp.resolve("a/dags")).getParent();
        Path withSettings = Files.createDirectories(temp.resolve("b"));
        Files.writeString(withSettings.resolve("weir.yaml"), "");
        Path neither = Files.createDirectories(temp.resolve("c"));

        assertThat(Main.exampleProject(withDags, environment)).isEmpty();
        assertThat(Main.exampleProject(withSettings, environment)).isEmpty();
        assertThat(Main.exampleProject(neither, environment)).contains(example);
        assertThat(Main.exampleProject(neither, Map.of())).isEmpty();
        assertThat(Main.exampleProject(
                        neither, Map.of("WEIR_HOME", temp.resolve("nowhere").toString())))
                .isEmpty();
    }

    @Test
    void projectOptionWorksBeforeOrAfterTheSubcommand() {
        Path other = temp.resolve("other");
        assertThat(projectSeenBy(Map.of("WEIR_PROJECT", "/nowhere"), "--project", other.toString(), "probe"))
                .isEqualTo(other);
        assertThat(projectSeenBy(Map.of("WEIR_PROJECT", "/nowhere"), "probe", "--project", other.toString()))
                .isEqualTo(other);
    }

    @Test
    void userErrorIsOneLineWithoutStackTrace() {
        CliRun run = CliRun.run(
                withProbe(Map.of(), new Failing(new WeirException(ErrorCode.DAG_NOT_FOUND, "DAG 'x' not found."))),
                "probe");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: DAG 'x' not found.\n");
    }

    @Test
    void wrappedUserErrorIsStillReportedAsOneLine() {
        Exception wrapped = new IllegalStateException(
                "transaction failed", new WeirException(ErrorCode.USER_INPUT, "variable 'k' is not set."));
        CliRun run = CliRun.run(withProbe(Map.of(), new Failing(wrapped)), "probe");
        assertThat(run.err()).isEqualTo("error: variable 'k' is not set.\n");
    }

    @Test
    void unexpectedFailurePointsAtWeirDebug() {
        CliRun run = CliRun.run(withProbe(Map.of(), new Failing(new IllegalStateException("boom"))), "probe");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo(
                        "error: unexpected IllegalStateException: boom\nrun with WEIR_DEBUG=1 for the stack trace\n");
    }

    @Test
    void failureOfAMethodSubcommandIsReportedAsItself() {
        CliRun run = CliRun.run(withProbe(Map.of(), new MethodProbe()), "probe", "fail");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .isEqualTo("error: unexpected UnsupportedOperationException: not here\n"
                        + "run with WEIR_DEBUG=1 for the stack trace\n");
    }

    @Test
    void weirDebugPrintsTheStackTrace() {
        CliRun run = CliRun.run(
                withProbe(Map.of("WEIR_DEBUG", "1"), new Failing(new IllegalStateException("boom"))), "probe");
        assertThat(run.err())
                .contains("java.lang.IllegalStateException: boom", "\tat ")
                .endsWith("error: unexpected IllegalStateException: boom\n");
    }

    private static Path projectSeenBy(Map<String, String> environment, String... args) {
        Probe probe = new Probe();
        CliRun run = CliRun.run(withProbe(environment, probe), args);
        assertThat(run.exitCode()).as(run.toString()).isZero();
        return probe.seen;
    }

    private static CommandLine withProbe(Map<String, String> environment, Object probe) {
        return Main.commandLine(new Main(environment, InputStream.nullInputStream()))
                .addSubcommand("probe", probe);
    }

    @Command(name = "probe")
    static final class Probe implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        Path seen;

        @Override
        public Integer call() {
            Main main = (Main) spec.root().userObject();
            seen = main.projectDir();
            // Every command may ask again; what it says on stderr it says once.
            main.projectDir();
            return 0;
        }
    }

    @Command(name = "probe")
    static final class MethodProbe {
        @Command(name = "fail")
        int fail() {
            throw new UnsupportedOperationException("not here");
        }
    }

    @Command(name = "probe")
    static final class Failing implements Callable<Integer> {
        private final Exception failure;

        Failing(Exception failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() throws Exception {
            throw failure;
        }
    }
}
