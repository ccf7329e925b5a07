package io.weir.cli;

import io.weir.cli.audit.AuditCommand;
import io.weir.cli.bench.BenchCommand;
import io.weir.cli.dags.DagsCommand;
import io.weir.cli.db.DbCommand;
import io.weir.cli.extract.ExtractCommand;
import io.weir.cli.permissions.PermissionsCommand;
import io.weir.cli.remote.WarehouseClient;
import io.weir.cli.server.SchedulerCommand;
import io.weir.cli.server.StandaloneCommand;
import io.weir.cli.server.WebserverCommand;
import io.weir.cli.sql.SqlCommand;
import io.weir.cli.tasks.TasksCommand;
import io.weir.cli.transform.TransformCommand;
import io.weir.cli.users.UsersCommand;
import io.weir.cli.variables.VariablesCommand;
import io.weir.core.WeirException;
import io.weir.core.project.ProjectSettings;
import io.weir.engine.Weir;
import io.weir.store.MetadataStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.LoggerFactory;
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
        description = "Weir: pipelines scheduled and run from a project folder.")
public final class Main implements Runnable {
    /** Exit status of a failure the user caused (a bad argument, a missing DAG, a broken file). */
    public static final int EXIT_FAILURE = 1;

    /**
     * The commands by name, in the order {@code weir --help} lists them. A command line names one of them, and
     * only that one is built: picocli reads every option of a command by reflection, which costs a short command
     * more than its own work.
     */
    static final Map<String, Class<?>> COMMANDS = commands(
            Map.entry("version", VersionCommand.class),
            Map.entry("db", DbCommand.class),
            Map.entry("dags", DagsCommand.class),
            Map.entry("tasks", TasksCommand.class),
            Map.entry("variables", VariablesCommand.class),
            Map.entry("standalone", StandaloneCommand.class),
            Map.entry("scheduler", SchedulerCommand.class),
            Map.entry("sql", SqlCommand.class),
            Map.entry("transform", TransformCommand.class),
            Map.entry("permissions", PermissionsCommand.class),
            Map.entry("bench", BenchCommand.class),
            Map.entry("webserver", WebserverCommand.class),
            Map.entry("users", UsersCommand.class),
            Map.entry("audit", AuditCommand.class),
            Map.entry("extract", ExtractCommand.class));

    /** Where an installation keeps the example project, relative to {@code WEIR_HOME}. */
    static final String EXAMPLE_PROJECT = "examples/demo";

    /**
     * The commands that only read and print (they open the project with {@link #openToRead}), as command and
     * subcommand: short processes that run as on a JVM without Flight Recorder (see {@link #main}).
     */
    static final Set<List<String>> BRIEF_READS = Set.of(
            List.of("dags", "list"),
            List.of("dags", "list-runs"),
            List.of("dags", "list-import-errors"),
            List.of("dags", "state"),
            List.of("tasks", "state"),
            List.of("tasks", "states-for-dag-run"),
            List.of("tasks", "logs"),
            List.of("tasks", "xcom"));

    private final Map<String, String> environment;
    private final InputStream input;
    private final Path workingDir;
    private boolean exampleAnnounced;

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--project",
            paramLabel = "DIR",
            scope = ScopeType.INHERIT,
            description = "The project folder (default: WEIR_PROJECT, else the current directory; outside any project, "
                    + "the example project of WEIR_HOME).")
    private Path project;

    public Main() {
        this(System.getenv(), System.in);
    }

    /** A command that reads {@code environment} and {@code input} instead of the process's (tests pass their own). */
    public Main(Map<String, String> environment, InputStream input) {
        this(environment, input, Path.of("").toAbsolutePath());
    }

    /** A command run on behalf of a caller whose working folder is {@code workingDir} (relative paths start there). */
    public Main(Map<String, String> environment, InputStream input, Path workingDir) {
        this.environment = Map.copyOf(environment);
        this.input = input;
        this.workingDir = workingDir.toAbsolutePath();
    }

    /** Ends the process at once with {@code status} (a second Ctrl-C while a server stops). */
    public static void exitNow(int status) {
        System.exit(status);
    }

    public static void main(String[] args) {
        if (isBriefRead(args)) {
            // JDBI registers a Flight Recorder event as its statement class loads: about 0.1 s of CPU in a command
            // that never records. The JDK's switch for a VM without Flight Recorder makes that registration nothing;
            // a recording started with the JVM has set Flight Recorder up before this line and keeps it.
            System.setProperty("jfr.unsupported.vm", "true");
        }
        prepareInBackground();
        System.exit(commandLine(new Main(), args).execute(args));
    }

    /** True for a command line that names one of {@link #BRIEF_READS}. */
    static boolean isBriefRead(String... args) {
        int command = commandIndex(args, 0);
        int subcommand = command < 0 ? -1 : commandIndex(args, command + 1);
        return subcommand >= 0 && BRIEF_READS.contains(List.of(args[command], args[subcommand]));
    }

    /**
     * Sets up logging and the metadata store's statements on the second core while this one reads the command line:
     * both are work every command waits for at its start (about 0.1 s together on a 2-core machine).
     */
    private static void prepareInBackground() {
        Thread thread = new Thread(
                () -> {
                    try {
                        LoggerFactory.getLogger(Main.class);
                        MetadataStore.prepareStatements();
                    } catch (RuntimeException | LinkageError e) {
                        // The command meets the same failure where it is reported.
                    }
                },
                "weir-prepare");
        thread.setDaemon(true);
        thread.start();
    }

    /** The command line with every command and Weir's error reporting. */
    public static CommandLine commandLine(Main main) {
        return commandLine(main, COMMANDS.values());
    }

    /**
     * The command line for {@code args}: with only the command they name, or with all of them when they name none
     * (for {@code --help}, and for the suggestions after a mistyped name). Tests run commands through this too.
     */
    public static CommandLine commandLine(Main main, String... args) {
        int index = commandIndex(args, 0);
        Class<?> named = index < 0 ? null : COMMANDS.get(args[index]);
        if (named == null) {
            return commandLine(main, COMMANDS.values());
        }
        int subcommand = commandIndex(args, index + 1);
        return commandLine(main, List.of(named), subcommand < 0 ? null : args[subcommand]);
    }

    private static CommandLine commandLine(Main main, Collection<Class<?>> commands) {
        return commandLine(main, commands, null);
    }

    private static CommandLine commandLine(Main main, Collection<Class<?>> commands, String subcommand) {
        CommandLine commandLine = new CommandLine(main);
        for (Class<?> command : commands) {
            CommandGroups.add(commandLine, command, subcommand);
        }
        commandLine.setParameterExceptionHandler(Main::reportParameterError);
        commandLine.setExecutionExceptionHandler(main::reportFailure);
        // A command on a warehouse that a running server owns runs in that server.
        commandLine.setExecutionStrategy(parsed ->
                WarehouseClient.forward(main, parsed).orElseGet(() -> new CommandLine.RunLast().execute(parsed)));
        return commandLine;
    }

    /** The first argument that is no option of {@code weir} itself (nor {@code --project}'s value), or null. */
    static String commandName(String... args) {
        int index = commandIndex(args, 0);
        return index < 0 ? null : args[index];
    }

    /** The index of the first argument from {@code from} on that is no option (nor {@code --project}'s value), or -1. */
    private static int commandIndex(String[] args, int from) {
        for (int index = from; index < args.length; index++) {
            String arg = args[index];
            if (arg.equals("--project")) {
                index++;
            } else if (!arg.startsWith("-")) {
                return index;
            } else if (!arg.startsWith("--project=")) {
                return -1;
            }
        }
        return -1;
    }

    @SafeVarargs
    private static Map<String, Class<?>> commands(Map.Entry<String, Class<?>>... commands) {
        Map<String, Class<?>> byName = new LinkedHashMap<>();
        for (Map.Entry<String, Class<?>> command : commands) {
            byName.put(command.getKey(), command.getValue());
        }
        return Collections.unmodifiableMap(byName);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public Map<String, String> environment() {
        return environment;
    }

    /** The folder relative paths on the command line start from. */
    public Path workingDir() {
        return workingDir;
    }

    /** A path given on the command line, resolved against {@link #workingDir()}. */
    public Path path(String given) {
        return workingDir.resolve(given);
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

    /** Opens the project for a command that only reads and prints (see {@link Weir#openToRead}). */
    public Weir openToRead() {
        return Weir.openToRead(projectDir(), environment);
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

    /**
     * The project folder: {@code --project}, else {@code WEIR_PROJECT}, else the current directory; when the current
     * directory is no project but {@code WEIR_HOME} has the example project, that one (said once on stderr).
     */
    public Path projectDir() {
        if (project != null) {
            return workingDir.resolve(project).normalize();
        }
        String fromEnvironment = environment.get("WEIR_PROJECT");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return workingDir.resolve(fromEnvironment).normalize();
        }
        Path current = workingDir;
        Optional<Path> example = exampleProject(current, environment);
        if (example.isEmpty()) {
            return current;
        }
        if (!exampleAnnounced) {
            exampleAnnounced = true;
            PrintWriter err = spec == null
                    ? new PrintWriter(System.err, true)
                    : spec.commandLine().getErr();
            err.println("No project here; using the example project " + example.get());
            err.flush();
        }
        return example.get();
    }

    /**
     * The example project of the Weir installation ({@code WEIR_HOME/examples/demo}, which the {@code weir} launcher
     * sets), when {@code current} is no project: it has neither {@code weir.yaml} nor a {@code dags/} folder.
     */
    static Optional<Path> exampleProject(Path current, Map<String, String> environment) {
        if (Files.exists(current.resolve(ProjectSettings.FILE_NAME)) || Files.isDirectory(current.resolve("dags"))) {
            return Optional.empty();
        }
        String home = environment.get("WEIR_HOME");
        if (home == null || home.isBlank()) {
            return Optional.empty();
        }
        Path example = Path.of(home).resolve(EXAMPLE_PROJECT).toAbsolutePath().normalize();
        return Files.isDirectory(example) ? Optional.of(example) : Optional.empty();
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
