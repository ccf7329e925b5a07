package io.weir.cli;

import io.weir.cli.bench.BenchCommand;
import io.weir.cli.dags.DagsCommand;
import io.weir.cli.db.DbCommand;
import io.weir.cli.server.SchedulerCommand;
import io.weir.cli.server.StandaloneCommand;
import io.weir.cli.tasks.TasksCommand;
import io.weir.cli.variables.VariablesCommand;
import io.weir.core.WeirException;
import io.weir.engine.Weir;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/** The {@code weir} command: picks the project and reports every failure as one line on stderr. */
@Command(
        name = "weir",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Weir: pipelines scheduled and run from a project folder.",
        subcommands = {
            VersionCommand.class,
            DbCommand.class,
            DagsCommand.class,
            TasksCommand.class,
            VariablesCommand.class,
            StandaloneCommand.class,
            SchedulerCommand.class,
            BenchCommand.class
        })
public final class Main implements Runnable {
    /** Exit status of a failure the user caused (a bad argument, a missing DAG, a broken file). */
    public static final int EXIT_FAILURE = 1;

    private final Map<String, String> environment;
    private final InputStream input;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--project",
            paramLabel = "DIR",
            scope = ScopeType.INHERIT,
            description = "The project folder (default: WEIR_PROJECT, else the current directory).")
    private Path project;

    public Main() {
        this(System.getenv(), System.in);
    }

    /** A command that reads {@code environment} and {@code input} instead of the process's (tests pass their own). */
    public Main(Map<String, String> environment, InputStream input) {
        this.environment = Map.copyOf(environment);
        this.input = input;
    }

    public static void main(String[] args) {
        System.exit(commandLine(new Main()).execute(args));
    }

    /** The command line with Weir's error reporting; tests run commands through this too. */
    public static CommandLine commandLine(Main main) {
        CommandLine commandLine = new CommandLine(main);
        commandLine.setParameterExceptionHandler(Main::reportParameterError);
        commandLine.setExecutionExceptionHandler(main::reportFailure);
        return commandLine;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** Standard input: confirmations and {@code -} as a file. */
    public InputStream input() {
        return input;
    }

    /**
     * Opens the project. With {@code migrate} an empty metadata database is created first; the {@code db}
     * commands pass false and report or migrate it themselves.
     */
    public Weir open(boolean migrate) {
        return Weir.open(projectDir(), environment, migrate);
    }

    /** Asks a yes/no question on stderr and reads the answer; anything but y or yes (or no input) is no. */
    public boolean confirm(String question) {
        PrintWriter err = spec.commandLine().getErr();
        err.print(question + " [y/N] ");
        err.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8)).readLine();
            if (answer == null) {
                err.println();
            }
            String normalized = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
            return normalized.equals("y") || normalized.equals("yes");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The project folder: {@code --project}, else {@code WEIR_PROJECT}, else the current directory. */
    public Path projectDir() {
        if (project != null) {
            return project.toAbsolutePath().normalize();
        }
        String fromEnvironment = environment.get("WEIR_PROJECT");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment).toAbsolutePath().normalize();
        }
        return Path.of("").toAbsolutePath();
    }

    private static int reportParameterError(ParameterException error, String[] args) {
        CommandLine command = error.getCommandLine();
        PrintWriter err = command.getErr();
        String help = "`" + command.getCommandSpec().qualifiedName() + " --help`";
        StringBuilder line = new StringBuilder("error: ").append(withoutFinalPeriod(error.getMessage()));
        List<String> suggestions =
                error instanceof UnmatchedArgumentException unmatched ? unmatched.getSuggestions() : List.of();
        if (suggestions.isEmpty()) {
            line.append("; see ").append(help).append('.');
        } else {
            line.append("; did you mean `")
                    .append(suggestions.get(0))
                    .append("`? See ")
                    .append(help)
                    .append('.');
        }
        err.println(line);
        err.flush();
        return EXIT_FAILURE;
    }

    private int reportFailure(Exception thrown, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        // picocli wraps what a method subcommand throws; the user wants to hear about the failure itself.
        Throwable failure =
                thrown instanceof ExecutionException && thrown.getCause() != null ? thrown.getCause() : thrown;
        boolean debug = "1".equals(environment.get("WEIR_DEBUG")) || "true".equals(environment.get("WEIR_DEBUG"));
        if (debug) {
            failure.printStackTrace(err);
        }
        WeirException userFailure = userFailure(failure);
        if (userFailure != null) {
            err.println("error: " + userFailure.getMessage());
        } else {
            err.println("error: unexpected " + failure.getClass().getSimpleName()
                    + (failure.getMessage() == null ? "" : ": " + failure.getMessage()));
            if (!debug) {
                err.println("run with WEIR_DEBUG=1 for the stack trace");
            }
        }
        err.flush();
        return EXIT_FAILURE;
    }

    /** The WeirException behind a failure, also when a library (a JDBI transaction, a thread pool) wrapped it. */
    private static WeirException userFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof WeirException weirException) {
                return weirException;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    private static String withoutFinalPeriod(String message) {
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }
}
